package io.github.httpcache.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cached GET route: requests whose normalised path matches {@code path} are answered from
 * Redis for {@code ttl} after the first storable 200.
 *
 * @param name the route's name in the configuration ({@code route.<name>.*}), used in logs
 * @param maxBodySize the largest body stored for this route, in bytes
 * @param perUser when present, entries are keyed by user and requests with credentials may use them
 * @param queryParameters when present, the only query parameters that enter the key
 * @param otherQuery what a parameter outside {@code queryParameters} does
 * @param maxKeys distinct keys stored per TTL window before new variants go unstored; 0 for no budget
 * @param key a key template in place of {@code GET:<path>?<query>}, such as {@code {username}_posts:page_{page:1}}
 * @param freshness where freshness comes from; with {@link Freshness#ORIGIN}, {@code ttl} is only the
 *     fallback for responses that give none, and {@link Duration#ZERO} means there is no fallback
 * @param cookies what requests' cookies and responses' {@code Set-Cookie} do on this route
 * @param hosts when present, the only host names (lower case) this route is cached for; others bypass
 * @param inputs which request inputs a stored page may have read besides those its key holds
 * @param targeted the RFC 9213 targeted fields ({@code CDN-Cache-Control}) that override
 *     {@code Cache-Control} for this cache, and whether clients see them
 * @param heuristic {@code freshness=origin}: the opt-in heuristic lifetime from {@code Last-Modified}
 */
public record Route(String name, PathTemplate path, Duration ttl, int maxBodySize, Optional<UserSource> perUser,
    Optional<Set<String>> queryParameters, OtherQuery otherQuery, long maxKeys, Optional<KeyTemplate> key,
    Grace grace, Freshness freshness, CookieRule cookies, Optional<Set<String>> hosts, InputRules inputs,
    TargetedFields targeted, HeuristicFreshness heuristic) {

  /** Where an entry's freshness lifetime comes from ({@code route.<name>.freshness}). */
  public enum Freshness {
    /** The route's {@code ttl}, whatever the origin says about freshness (the seeds' model). */
    ROUTE,
    /** The origin's {@code Cache-Control}/{@code Expires} as RFC 9111 §4.2 reads them. */
    ORIGIN
  }

  /**
   * How long past its TTL an entry may still be served: while it is refreshed in the background
   * ({@code stale-while-revalidate}), or instead of an origin error ({@code stale-if-error}).
   * RFC 5861's directives, set per route; the longer of the two bounds how stale anything gets.
   */
  public record Grace(Duration staleWhileRevalidate, Duration staleIfError) {
    public static final Grace NONE = new Grace(Duration.ZERO, Duration.ZERO);

    /** How long an entry is kept in Redis past its TTL. */
    public Duration maxStale() {
      return staleWhileRevalidate.compareTo(staleIfError) >= 0 ? staleWhileRevalidate : staleIfError;
    }

    /** Each window at least as long as {@code other}'s (the route's grace widened by the origin's own directives). */
    public Grace atLeast(Grace other) {
      return new Grace(longer(staleWhileRevalidate, other.staleWhileRevalidate), longer(staleIfError, other.staleIfError));
    }

    private static Duration longer(Duration a, Duration b) {
      return a.compareTo(b) >= 0 ? a : b;
    }
  }

  /** What happens to a query parameter that is not in a route's allow-list. */
  public enum OtherQuery {
    IGNORE,
    BYPASS
  }

  public Route {
    queryParameters = queryParameters.map(Set::copyOf);
    hosts = hosts.map(Set::copyOf);
  }

  /** A route with every option at its default. */
  public Route(String name, PathTemplate path, Duration ttl) {
    this(name, path, ttl, ByteSizes.parsePositive(ConfigKeys.MAX_BODY_SIZE, ConfigKeys.DEFAULT_MAX_BODY_SIZE),
        Optional.empty(), Optional.empty(), OtherQuery.IGNORE, Long.parseLong(ConfigKeys.DEFAULT_MAX_KEYS), Optional.empty(),
        Grace.NONE, Freshness.ROUTE, CookieRule.UNDECLARED, Optional.empty(), InputRules.DEFAULT,
        TargetedFields.DEFAULT, HeuristicFreshness.OFF);
  }

  @Override
  public String toString() {
    return "route " + name + ": GET " + path
        + (freshness == Freshness.ORIGIN ? " freshness origin" + (ttl.isZero() ? "" : " fallback-ttl " + ttl.toSeconds() + "s")
            : " ttl " + ttl.toSeconds() + "s")
        + " max-body-size " + maxBodySize
        + perUser.map(u -> " per-user " + u).orElse("")
        + queryParameters.map(q -> " query " + new TreeSet<>(q) + " other-query " + otherQuery.name().toLowerCase(Locale.ROOT)).orElse("")
        + (maxKeys > 0 ? " max-keys " + maxKeys : "")
        + key.map(k -> " key " + k).orElse("")
        + (grace.staleWhileRevalidate().isZero() ? "" : " stale-while-revalidate " + grace.staleWhileRevalidate().toSeconds() + "s")
        + (grace.staleIfError().isZero() ? "" : " stale-if-error " + grace.staleIfError().toSeconds() + "s")
        + cookies
        + hosts.map(h -> " hosts " + new TreeSet<>(h)).orElse("")
        + inputs
        + targeted
        + (freshness == Freshness.ORIGIN ? heuristic.toString() : "");
  }
}
