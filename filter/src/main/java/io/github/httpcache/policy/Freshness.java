package io.github.httpcache.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RFC 9111 §4.2 freshness model for a shared cache: how long a response stays fresh, how old a
 * stored response is, and how far past its lifetime it is. Every instant is an argument; header
 * maps hold field lines by lower-case name, as in {@link ResponseFacts}.
 */
public final class Freshness {
  private Freshness() {}

  /**
   * The explicit freshness lifetime (§4.2.1), first match of {@code s-maxage}, {@code max-age},
   * then {@code Expires} minus {@code Date}; empty when none is present, in which case only a
   * heuristic (§4.2.2, e.g. a configured fallback) could make the response fresh.
   *
   * <p>Zero, i.e. stale on arrival, when the first present one is unusable: an invalid or
   * conflicting {@code s-maxage}/{@code max-age} (§4.2.1 encourages treating it as stale), an
   * {@code Expires} that is not a valid HTTP-date such as {@code 0} (§5.3), differing
   * {@code Expires} lines, or an {@code Expires} at or before {@code Date}. A missing or invalid
   * {@code Date} is replaced by {@code responseTime} (RFC 9110 §6.6.1).
   *
   * @param responseTime when the response was received
   */
  public static Optional<Duration> lifetime(Map<String, List<String>> headers,
      Instant responseTime) {
    CacheDirectives directives = CacheDirectives.parse(lines(headers, "cache-control"));
    for (DeltaSeconds explicit : List.of(directives.sMaxAge(), directives.maxAge())) {
      if (!explicit.isAbsent()) {
        return Optional.of(explicit.isValid() ? explicit.toDuration() : Duration.ZERO);
      }
    }
    List<String> expiresLines = lines(headers, "expires");
    if (expiresLines.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> expires = HttpDates.parseField(expiresLines, responseTime);
    if (expires.isEmpty()) {
      return Optional.of(Duration.ZERO);
    }
    return Optional.of(nonNegative(Duration.between(dateValue(headers, responseTime),
        expires.get())));
  }

  /**
   * The stored response's {@code current_age} (§4.2.3): the larger of its apparent age (from
   * {@code Date}) and its {@code Age} corrected by the request's round trip, plus the time it has
   * been resident since it was received. Clock steps that would make the round trip or the
   * residence negative count as zero.
   *
   * @param headers the stored response's header lines
   * @param requestTime when the request that produced (or last validated) the response was sent
   * @param responseTime when that response was received
   * @param now the time of the calculation
   */
  public static Duration currentAge(Map<String, List<String>> headers, Instant requestTime,
      Instant responseTime, Instant now) {
    Duration apparentAge = nonNegative(
        Duration.between(dateValue(headers, responseTime), responseTime));
    Duration responseDelay = nonNegative(Duration.between(requestTime, responseTime));
    Duration correctedAgeValue =
        Duration.ofSeconds(ageValue(lines(headers, "age"))).plus(responseDelay);
    Duration correctedInitialAge =
        apparentAge.compareTo(correctedAgeValue) > 0 ? apparentAge : correctedAgeValue;
    return correctedInitialAge.plus(nonNegative(Duration.between(responseTime, now)));
  }

  /**
   * The {@code age_value} of §4.2.3 in seconds, from the {@code Age} field lines: the first line
   * only (§5.1), and of a list its first member only; parameters after {@code ;} are dropped.
   * An absent, negative, fractional or non-numeric value counts as 0 ("ignored", as the
   * http-tests cache-tests suite requires); values past 2^31 count as 2^31.
   */
  public static long ageValue(List<String> ageLines) {
    if (ageLines.isEmpty()) {
      return 0;
    }
    for (String member : ageLines.get(0).split(",", -1)) {
      int semicolon = member.indexOf(';');
      String value = (semicolon < 0 ? member : member.substring(0, semicolon)).strip();
      if (!value.isEmpty()) {
        DeltaSeconds age = DeltaSeconds.parse(value);
        return age.isValid() ? age.seconds() : 0;
      }
    }
    return 0;
  }

  /** §4.2: {@code response_is_fresh = (freshness_lifetime > current_age)}. */
  public static boolean isFresh(Duration lifetime, Duration currentAge) {
    return lifetime.compareTo(currentAge) > 0;
  }

  /** How long the response stays fresh from now on; zero once it is stale. */
  public static Duration remaining(Duration lifetime, Duration currentAge) {
    return nonNegative(lifetime.minus(currentAge));
  }

  /** How far past its lifetime the response is (compared with {@code max-stale}); zero if fresh. */
  public static Duration staleness(Duration lifetime, Duration currentAge) {
    return nonNegative(currentAge.minus(lifetime));
  }

  /** The {@code Age} field value to send (§5.1): whole seconds, capped at 2^31 (§1.2.2). */
  public static String ageFieldValue(Duration currentAge) {
    return Long.toString(Math.min(DeltaSeconds.MAX, nonNegative(currentAge).getSeconds()));
  }

  private static Instant dateValue(Map<String, List<String>> headers, Instant responseTime) {
    return HttpDates.parseField(lines(headers, "date"), responseTime).orElse(responseTime);
  }

  private static List<String> lines(Map<String, List<String>> headers, String name) {
    return headers.getOrDefault(name, List.of());
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}
