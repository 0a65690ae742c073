package io.github.httpcache.policy;

import io.github.httpcache.key.CacheKeys;
import io.github.httpcache.key.QueryParameter;
import io.github.httpcache.config.CookieRule;
import io.github.httpcache.config.Route;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Decides whether a routed GET or HEAD may read (and later fill) the shared cache. */
public final class LookupPolicy {
  private static final Set<String> TRUE_WORDS = Set.of("true", "1", "yes", "on");

  private LookupPolicy() {}

  /** For a shared route with no query allow-list that says nothing about cookies or hosts. */
  public static Lookup decide(RequestFacts request) {
    Lookup lookup = decide(request, Sharing.SHARED, Optional.empty(), Route.OtherQuery.IGNORE);
    return lookup == Lookup.LOOKUP && request.hasHeader("cookie") ? Lookup.BYPASS_COOKIE : lookup;
  }

  public static Lookup decide(RequestFacts request, Route route) {
    Lookup lookup = decide(request, route.perUser().isPresent() ? Sharing.PER_USER : Sharing.SHARED,
        route.queryParameters(), route.otherQuery());
    // freshness=origin: RFC 9111 §3.5 lets the stored response say whether credentials may share it
    // (public, s-maxage, must-revalidate); the read path checks the entry before serving it.
    if (lookup == Lookup.BYPASS_AUTHORIZATION && FreshnessStrategy.of(route).looksUpWithCredentials()) {
      lookup = Lookup.LOOKUP;
    }
    return lookup == Lookup.LOOKUP ? scope(request, route) : lookup;
  }

  /** The route's own limits: the hosts it serves and what its cookies do. */
  private static Lookup scope(RequestFacts request, Route route) {
    if (route.hosts().isPresent() && !route.hosts().get().contains(request.origin().host())) {
      return Lookup.BYPASS_HOST;
    }
    // A route that does not say its body ignores cookies may be personalised by them.
    if (request.hasHeader("cookie") && route.cookies().mode() == CookieRule.Mode.BYPASS) {
      return Lookup.BYPASS_COOKIE;
    }
    return Lookup.LOOKUP;
  }

  private static Lookup decide(RequestFacts request, Sharing sharing, Optional<Set<String>> allowed,
      Route.OtherQuery otherQuery) {
    // nocache is looked for first, so the reason does not depend on the parameters' order.
    for (QueryParameter parameter : request.query()) {
      if (parameter.name().equals(CacheKeys.NOCACHE_PARAMETER)
          && TRUE_WORDS.contains(parameter.value().toLowerCase(Locale.ROOT))) {
        return Lookup.BYPASS_NOCACHE;
      }
    }
    // A body the key does not hold could shape the answer (a "fat GET").
    if (request.hasBody()) {
      return Lookup.BYPASS_BODY;
    }
    for (QueryParameter parameter : request.query()) {
      if (otherQuery == Route.OtherQuery.BYPASS && allowed.isPresent()
          && !parameter.name().equals(CacheKeys.NOCACHE_PARAMETER) && !allowed.get().contains(parameter.name())) {
        return Lookup.BYPASS_QUERY;
      }
    }
    if (sharing == Sharing.PER_USER) {
      return request.user().isPresent() ? Lookup.LOOKUP : Lookup.BYPASS_NO_USER;
    }
    // A shared cache must not answer one user's credentials with another's response (RFC 9111 §3.5).
    if (request.hasHeader("authorization")) {
      return Lookup.BYPASS_AUTHORIZATION;
    }
    return Lookup.LOOKUP;
  }
}
