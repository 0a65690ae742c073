package io.github.httpcache.policy;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validation of a stored response with the origin (RFC 9111 §4.3): the conditions to send
 * (§4.3.1), whether a {@code 304} applies to the stored response (§4.3.4), and the stored header
 * set it leaves behind (§4.3.4 with §3.1 and §3.2). Header maps hold field lines by lower-case
 * name. Unreadable validators (an unquoted {@code ETag}, an invalid {@code Last-Modified}) are
 * treated as absent throughout: they are neither sent nor compared.
 */
public final class Revalidation {
  /**
   * Fields a 304 never writes into the stored response: hop-by-hop and proxy-specific fields
   * (§3.1, RFC 9110 §7.6.1); {@code Content-Length} (§3.2); {@code Content-Range}, which
   * describes a partial body; {@code Content-Encoding}, since this cache may store a body it
   * encoded itself and the stored body depends on it (§3.2 allows that exception); and
   * {@code Set-Cookie}, which belongs to the one client whose request caused the validation.
   */
  private static final Set<String> NOT_UPDATED = Set.of(
      "connection", "keep-alive", "proxy-connection", "te", "transfer-encoding", "upgrade",
      "trailer", "proxy-authenticate", "proxy-authentication-info", "proxy-authorization",
      "content-length", "content-range", "content-encoding", "set-cookie", "set-cookie2");

  private Revalidation() {}

  /**
   * The precondition fields for a validation request (§4.3.1), by lower-case name:
   * {@code if-none-match} with the stored {@code ETag}, and {@code if-modified-since} with the
   * stored {@code Last-Modified} rewritten as IMF-fixdate (RFC 9110 §5.6.7 makes senders use it;
   * for a value already in that form the text is unchanged). Empty when there is no validator.
   *
   * @param storedAt when the stored response was received; anchors RFC 850 two-digit years
   */
  public static Map<String, String> validators(Map<String, List<String>> storedHeaders,
      Instant storedAt) {
    Map<String, String> conditions = new LinkedHashMap<>();
    EntityTag.fromField(lines(storedHeaders, "etag"))
        .ifPresent(etag -> conditions.put("if-none-match", etag.toString()));
    HttpDates.parseField(lines(storedHeaders, "last-modified"), storedAt)
        .ifPresent(date -> conditions.put("if-modified-since", HttpDates.format(date)));
    return Collections.unmodifiableMap(conditions);
  }

  /**
   * Whether the 304 identifies the stored response for update (§4.3.4): a strong {@code ETag}
   * must strongly match; a weak one must weakly match; without an {@code ETag}, a
   * {@code Last-Modified} must equal the stored one; a 304 with no validator at all only updates
   * a stored response that has none either.
   *
   * @param receivedAt when the 304 arrived; anchors RFC 850 two-digit years
   */
  public static Freshening freshening(Map<String, List<String>> storedHeaders,
      Map<String, List<String>> notModifiedHeaders, Instant receivedAt) {
    Optional<EntityTag> stored = EntityTag.fromField(lines(storedHeaders, "etag"));
    Optional<EntityTag> received = EntityTag.fromField(lines(notModifiedHeaders, "etag"));
    if (received.isPresent()) {
      EntityTag tag = received.get();
      if (tag.weak()) {
        return stored.filter(tag::weaklyMatches).isPresent()
            ? Freshening.UPDATE_WEAK_ETAG : Freshening.REJECT_ETAG_MISMATCH;
      }
      return stored.filter(tag::stronglyMatches).isPresent()
          ? Freshening.UPDATE_STRONG_ETAG : Freshening.REJECT_ETAG_MISMATCH;
    }
    Optional<Instant> storedModified =
        HttpDates.parseField(lines(storedHeaders, "last-modified"), receivedAt);
    Optional<Instant> receivedModified =
        HttpDates.parseField(lines(notModifiedHeaders, "last-modified"), receivedAt);
    if (receivedModified.isPresent()) {
      return receivedModified.equals(storedModified)
          ? Freshening.UPDATE_LAST_MODIFIED : Freshening.REJECT_LAST_MODIFIED_MISMATCH;
    }
    return stored.isEmpty() && storedModified.isEmpty()
        ? Freshening.UPDATE_NO_VALIDATOR : Freshening.REJECT_VALIDATOR_MISSING;
  }

  /**
   * Whether a {@code 200} answering a {@code HEAD} updates the stored {@code GET} response
   * (§4.3.5): every validator the {@code HEAD} response carries ({@code ETag}, {@code Last-Modified})
   * must match the stored one, and its {@code Content-Length}, if any, the stored body's length.
   * One that carries no validator (nor {@code Content-Length}) updates it, as the suite expects.
   *
   * @param storedLength the length of the stored body as the origin would send it
   * @param receivedAt when the response arrived; anchors RFC 850 two-digit years
   */
  public static Freshening headFreshening(Map<String, List<String>> storedHeaders,
      Map<String, List<String>> headHeaders, long storedLength, Instant receivedAt) {
    List<String> length = lines(headHeaders, "content-length");
    if (!length.isEmpty() && !length.stream().allMatch(line -> line.strip().equals(Long.toString(storedLength)))) {
      return Freshening.REJECT_CONTENT_LENGTH_MISMATCH;
    }
    Optional<EntityTag> etag = EntityTag.fromField(lines(headHeaders, "etag"));
    if (!lines(headHeaders, "etag").isEmpty() && (etag.isEmpty()
        || !etag.equals(EntityTag.fromField(lines(storedHeaders, "etag"))))) {
      return Freshening.REJECT_ETAG_MISMATCH;
    }
    Optional<Instant> modified = HttpDates.parseField(lines(headHeaders, "last-modified"), receivedAt);
    if (!lines(headHeaders, "last-modified").isEmpty() && (modified.isEmpty()
        || !modified.equals(HttpDates.parseField(lines(storedHeaders, "last-modified"), receivedAt)))) {
      return Freshening.REJECT_LAST_MODIFIED_MISMATCH;
    }
    if (etag.isPresent()) {
      return etag.get().weak() ? Freshening.UPDATE_WEAK_ETAG : Freshening.UPDATE_STRONG_ETAG;
    }
    return modified.isPresent() ? Freshening.UPDATE_LAST_MODIFIED : Freshening.UPDATE_NO_VALIDATOR;
  }

  /**
   * The stored header set after a 304 that {@link #freshening} accepted: each field the 304
   * carries replaces all stored lines of that name, except the fields listed in the class notes
   * and those the 304's {@code Connection} names; other stored fields stay. Two fields describe
   * the validation exchange rather than the original one: a stored {@code Age} is dropped when
   * the 304 has none, and a 304 without {@code Date} gets {@code receivedAt} as its date
   * (RFC 9110 §6.6.1), so {@link Freshness#currentAge} restarts from the validation.
   */
  public static Map<String, List<String>> updatedHeaders(Map<String, List<String>> storedHeaders,
      Map<String, List<String>> notModifiedHeaders, Instant receivedAt) {
    Set<String> connectionOptions =
        StoredHeaders.connectionOptions(lines(notModifiedHeaders, "connection"));
    Map<String, List<String>> updated = new LinkedHashMap<>(storedHeaders);
    notModifiedHeaders.forEach((name, fieldLines) -> {
      if (!NOT_UPDATED.contains(name) && !connectionOptions.contains(name)) {
        updated.put(name, fieldLines);
      }
    });
    if (!notModifiedHeaders.containsKey("age")) {
      updated.remove("age");
    }
    if (!notModifiedHeaders.containsKey("date")) {
      updated.put("date", List.of(HttpDates.format(receivedAt)));
    }
    updated.replaceAll((name, fieldLines) -> List.copyOf(fieldLines));
    return Collections.unmodifiableMap(updated);
  }

  private static List<String> lines(Map<String, List<String>> headers, String name) {
    return headers.getOrDefault(name, List.of());
  }
}
