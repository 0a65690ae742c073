package io.github.httpcache.policy;

import io.github.httpcache.key.CacheKeys;
import io.github.httpcache.key.QueryParameter;
import java.util.Locale;
import java.util.Set;

/** Decides whether a routed GET or HEAD may read (and later fill) the shared cache. */
public final class LookupPolicy {
  private static final Set<String> TRUE_WORDS = Set.of("true", "1", "yes", "on");

  private LookupPolicy() {}

  public static Lookup decide(RequestFacts request) {
    for (QueryParameter parameter : request.query()) {
      if (parameter.name().equals(CacheKeys.NOCACHE_PARAMETER)
          && TRUE_WORDS.contains(parameter.value().toLowerCase(Locale.ROOT))) {
        return Lookup.BYPASS_NOCACHE;
      }
    }
    // A shared cache must not answer one user's credentials with another's response (RFC 9111 §3.5).
    if (request.hasHeader("authorization")) {
      return Lookup.BYPASS_AUTHORIZATION;
    }
    return Lookup.LOOKUP;
  }
}
