package io.github.httpcache.policy;

/**
 * How a cache answers a client's conditional {@code GET}/{@code HEAD} from a stored response
 * (RFC 9111 §4.3.2): {@code 304 Not Modified}, or the full stored response, and why.
 */
public enum ConditionalOutcome {
  /** {@code If-None-Match} is {@code *} or lists a tag weakly matching the stored {@code ETag}. */
  NOT_MODIFIED_ETAG("etag-match"),
  /** No {@code If-None-Match}; the stored response is not newer than {@code If-Modified-Since}. */
  NOT_MODIFIED_SINCE("not-modified-since"),
  /** The request carries neither {@code If-None-Match} nor {@code If-Modified-Since}. */
  FULL_UNCONDITIONAL("unconditional"),
  /** Not {@code GET} or {@code HEAD}: the conditions are not the cache's to answer. */
  FULL_METHOD("method"),
  /** The stored response is not a 200, so preconditions do not apply (RFC 9110 §13.2.1). */
  FULL_STATUS("status"),
  /** No listed tag matches the stored {@code ETag}, or there is no stored {@code ETag}. */
  FULL_ETAG_MISMATCH("etag-mismatch"),
  /** The stored response is newer than {@code If-Modified-Since}. */
  FULL_MODIFIED("modified-since"),
  /**
   * The condition cannot be read: an {@code If-None-Match} that is not a list of entity-tags,
   * or an {@code If-Modified-Since} that is not one valid HTTP-date (RFC 9110 §13.1.3: ignore
   * it).
   */
  FULL_INVALID_CONDITION("invalid-condition");

  private final String reason;

  ConditionalOutcome(String reason) {
    this.reason = reason;
  }

  /** A short label for metric tags, debug logs and {@code Cache-Status} details. */
  public String reason() {
    return reason;
  }

  /** Whether the client gets {@code 304 Not Modified} rather than the stored response. */
  public boolean isNotModified() {
    return this == NOT_MODIFIED_ETAG || this == NOT_MODIFIED_SINCE;
  }
}
