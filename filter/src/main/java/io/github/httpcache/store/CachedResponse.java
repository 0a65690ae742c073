package io.github.httpcache.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A stored response: status, the headers worth replaying, the body and when it was stored. */
public record CachedResponse(int status, List<StoredHeader> headers, byte[] body, Instant storedAt) {
  public CachedResponse {
    headers = List.copyOf(headers);
  }

  /** Whole seconds since the entry was stored, never negative (the {@code Age} header, RFC 9111 §5.1). */
  public long ageSeconds(Instant now) {
    return Math.max(0, Duration.between(storedAt, now).getSeconds());
  }
}
