package io.github.httpcache.policy;

import io.github.httpcache.config.HeuristicFreshness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 9111 §4.2.2 heuristic freshness, when the operator opts in ({@code cache.heuristic-freshness}):
 * a share of the time between {@code Last-Modified} and {@code Date}, capped. Only for responses
 * without explicit freshness whose status is heuristically cacheable (RFC 9110 §15.1) or that are
 * marked {@code public}; header maps hold field lines by lower-case name.
 */
public final class HeuristicLifetime {
  private HeuristicLifetime() {}

  /**
   * The heuristic lifetime of a response received at {@code received}, or empty when none applies:
   * heuristics off, explicit freshness present, a status that may not be cached heuristically, no
   * valid {@code Last-Modified}, or one not before {@code Date}.
   */
  public static Optional<Duration> of(int status, Map<String, List<String>> headers, Instant received,
      HeuristicFreshness settings) {
    if (!settings.enabled() || Freshness.lifetime(headers, received).isPresent()) {
      return Optional.empty();
    }
    boolean isPublic = CacheDirectives.parse(headers.getOrDefault("cache-control", List.of())).isPublic();
    if (!StorageRules.isHeuristicallyCacheable(status) && !isPublic) {
      return Optional.empty();
    }
    Optional<Instant> lastModified = HttpDates.parseField(headers.getOrDefault("last-modified", List.of()), received);
    // RFC 9110 §6.6.1: a missing or invalid Date is the time the response was received.
    Instant date = HttpDates.parseField(headers.getOrDefault("date", List.of()), received).orElse(received);
    if (lastModified.isEmpty() || !lastModified.get().isBefore(date)) {
      return Optional.empty();
    }
    Duration share = Duration.ofMillis((long) (Duration.between(lastModified.get(), date).toMillis() * settings.fraction()));
    Duration whole = Duration.ofSeconds(share.toSeconds()); // delta-seconds, as Age counts them
    return Optional.of(whole.compareTo(settings.max()) < 0 ? whole : settings.max());
  }
}
