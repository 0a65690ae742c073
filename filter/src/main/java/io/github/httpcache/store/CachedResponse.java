package io.github.httpcache.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A stored response: status, the headers worth replaying, the body and when it was stored, for
 * how long, its entity tag, and whether the cache gzip-compressed the body itself.
 *
 * @param etag the strong or weak validator of the identity representation, quoted
 * @param identityLength the body's length before the cache compressed it
 */
public record CachedResponse(int status, List<StoredHeader> headers, byte[] body, Instant storedAt, Duration ttl,
    String etag, BodyEncoding encoding, int identityLength) implements StoredValue {

  /** How the stored body is encoded. */
  public enum BodyEncoding {
    /** As the origin sent it (possibly encoded by the origin itself, see its Content-Encoding). */
    AS_SENT,
    /** Gzip-compressed by the cache; identity is recovered by decompressing. */
    GZIP_BY_CACHE
  }

  public CachedResponse {
    headers = List.copyOf(headers);
  }

  /** An entry as the origin sent it, with no validator and no TTL recorded. */
  public CachedResponse(int status, List<StoredHeader> headers, byte[] body, Instant storedAt) {
    this(status, headers, body, storedAt, Duration.ZERO, "", BodyEncoding.AS_SENT, body.length);
  }

  /** Whole seconds since the entry was stored, never negative (the {@code Age} header, RFC 9111 §5.1). */
  public long ageSeconds(Instant now) {
    return Math.max(0, Duration.between(storedAt, now).getSeconds());
  }

  /** Whether the entry is still within its TTL at {@code now}. */
  public boolean isFreshAt(Instant now) {
    return now.isBefore(storedAt.plus(ttl));
  }

  /** How long past its TTL the entry is at {@code now} (zero while fresh). */
  public Duration staleFor(Instant now) {
    Duration past = Duration.between(storedAt.plus(ttl), now);
    return past.isNegative() ? Duration.ZERO : past;
  }

  /**
   * Whole seconds of freshness left (the RFC 9211 {@code ttl} parameter), from 0 to the TTL: a
   * clock behind the storing node's adds none, as the age is never negative (RFC 9111 §4.2.3).
   */
  public long remainingSeconds(Instant now) {
    Instant from = now.isBefore(storedAt) ? storedAt : now;
    return Math.max(0, Duration.between(from, storedAt.plus(ttl)).getSeconds());
  }
}
