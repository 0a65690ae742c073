package io.github.httpcache.policy;

/**
 * Whether a {@code 304 Not Modified} (RFC 9111 §4.3.4) or a {@code 200} to a {@code HEAD}
 * (§4.3.5) freshens the stored response it answers, and by which validator; the outcome of
 * {@link Revalidation#freshening} and {@link Revalidation#headFreshening}.
 */
public enum Freshening {
  /** The 304's strong {@code ETag} equals the stored strong {@code ETag}. */
  UPDATE_STRONG_ETAG("strong-etag"),
  /** The 304's weak {@code ETag} weakly matches the stored {@code ETag}. */
  UPDATE_WEAK_ETAG("weak-etag"),
  /** No {@code ETag} in the 304; its {@code Last-Modified} equals the stored one. */
  UPDATE_LAST_MODIFIED("last-modified"),
  /** Neither the 304 nor the stored response carries a validator. */
  UPDATE_NO_VALIDATOR("no-validator"),
  /** The 304 names another representation by {@code ETag}. */
  REJECT_ETAG_MISMATCH("etag-mismatch"),
  /** The 304 names another representation by {@code Last-Modified}. */
  REJECT_LAST_MODIFIED_MISMATCH("last-modified-mismatch"),
  /** The 304 carries no validator but the stored response has one: nothing identifies it. */
  REJECT_VALIDATOR_MISSING("validator-missing"),
  /** A {@code HEAD} response's {@code Content-Length} differs from the stored body's length (§4.3.5). */
  REJECT_CONTENT_LENGTH_MISMATCH("content-length-mismatch");

  private final String reason;

  Freshening(String reason) {
    this.reason = reason;
  }

  /** A short label for metric tags and debug logs. */
  public String reason() {
    return reason;
  }

  /** Whether the stored response is to be updated from the 304 and reused. */
  public boolean updates() {
    return this == UPDATE_STRONG_ETAG || this == UPDATE_WEAK_ETAG || this == UPDATE_LAST_MODIFIED
        || this == UPDATE_NO_VALIDATOR;
  }
}
