package io.github.httpcache.policy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a client's conditional {@code GET} or {@code HEAD} against the stored response the
 * cache selected (RFC 9111 §4.3.2, precedence of RFC 9110 §13.2.2), so the cache can answer
 * {@code 304} itself. {@code If-Match}, {@code If-Unmodified-Since} and {@code If-Range} are the
 * origin's to evaluate and are not read here.
 *
 * <ul>
 *   <li>{@code If-None-Match} decides whenever it is present, even if it is unreadable, and
 *       {@code If-Modified-Since} is then ignored (RFC 9110 §13.1.3). It matches on {@code *} or
 *       on any listed tag weakly equal to the stored {@code ETag} (§13.1.2).
 *   <li>{@code If-Modified-Since} counts only as a single valid HTTP-date. The stored response's
 *       time is its {@code Last-Modified}, else its {@code Date}, else when it was stored
 *       (truncated to the second, the resolution of an HTTP-date); an invalid
 *       {@code Last-Modified} or {@code Date} is passed over as if absent.
 * </ul>
 */
public final class Conditionals {
  private Conditionals() {}

  /**
   * @param requestHeaders the client's header lines by lower-case name
   * @param storedStatus the stored response's status
   * @param storedHeaders the stored response's header lines by lower-case name
   * @param storedAt when the stored response was received; also anchors RFC 850 two-digit years
   */
  public static ConditionalOutcome evaluate(String method, Map<String, List<String>> requestHeaders,
      int storedStatus, Map<String, List<String>> storedHeaders, Instant storedAt) {
    List<String> ifNoneMatch = lines(requestHeaders, "if-none-match");
    List<String> ifModifiedSince = lines(requestHeaders, "if-modified-since");
    if (ifNoneMatch.isEmpty() && ifModifiedSince.isEmpty()) {
      return ConditionalOutcome.FULL_UNCONDITIONAL;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return ConditionalOutcome.FULL_METHOD;
    }
    if (storedStatus != 200) {
      return ConditionalOutcome.FULL_STATUS;
    }
    if (!ifNoneMatch.isEmpty()) {
      return ifNoneMatch(ifNoneMatch, lines(storedHeaders, "etag"));
    }
    return ifModifiedSince(ifModifiedSince, storedHeaders, storedAt);
  }

  private static ConditionalOutcome ifNoneMatch(List<String> fieldLines, List<String> etagLines) {
    if (fieldLines.size() == 1 && fieldLines.get(0).strip().equals("*")) {
      return ConditionalOutcome.NOT_MODIFIED_ETAG;
    }
    Optional<List<EntityTag>> wanted = EntityTag.parseList(fieldLines);
    if (wanted.isEmpty() || wanted.get().isEmpty()) {
      return ConditionalOutcome.FULL_INVALID_CONDITION;
    }
    Optional<EntityTag> stored = EntityTag.fromField(etagLines);
    if (stored.isPresent() && wanted.get().stream().anyMatch(stored.get()::weaklyMatches)) {
      return ConditionalOutcome.NOT_MODIFIED_ETAG;
    }
    return ConditionalOutcome.FULL_ETAG_MISMATCH;
  }

  private static ConditionalOutcome ifModifiedSince(List<String> fieldLines,
      Map<String, List<String>> storedHeaders, Instant storedAt) {
    Optional<Instant> since = fieldLines.size() == 1
        ? HttpDates.parse(fieldLines.get(0), storedAt) : Optional.empty();
    if (since.isEmpty()) {
      return ConditionalOutcome.FULL_INVALID_CONDITION;
    }
    Instant modified = HttpDates.parseField(lines(storedHeaders, "last-modified"), storedAt)
        .or(() -> HttpDates.parseField(lines(storedHeaders, "date"), storedAt))
        .orElse(storedAt.truncatedTo(ChronoUnit.SECONDS));
    return modified.isAfter(since.get())
        ? ConditionalOutcome.FULL_MODIFIED : ConditionalOutcome.NOT_MODIFIED_SINCE;
  }

  private static List<String> lines(Map<String, List<String>> headers, String name) {
    return headers.getOrDefault(name, List.of());
  }
}
