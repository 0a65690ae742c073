package io.github.httpcache.policy;

/**
 * Whether RFC 9111 §3 lets a shared cache store a response, and on what freshness basis; the
 * outcome of {@link StorageRules#decide}.
 *
 * <p>The two storable outcomes tell the caller whether it can ever reuse what it stores:
 * {@link #STORE_EXPLICIT} has a lifetime from {@link Freshness#lifetime} (possibly zero, in which
 * case it is only worth storing with a validator); {@link #STORE_HEURISTIC} has none, so it is only
 * worth storing with a configured fallback lifetime (§4.2.2) or a validator.
 */
public enum StorageDecision {
  /** Storable, with {@code s-maxage}, {@code max-age} or {@code Expires}. */
  STORE_EXPLICIT("explicit-freshness"),
  /** Storable without explicit freshness: {@code public}, or a heuristically cacheable status. */
  STORE_HEURISTIC("heuristic-freshness"),
  /** Only {@code GET} responses are stored. */
  SKIP_METHOD("method"),
  /** A 1xx interim response, or a status outside 100–599. */
  SKIP_NOT_FINAL("not-final"),
  /** 206: this cache does not store or combine partial content (§3.3, §3.4). */
  SKIP_PARTIAL("partial"),
  /** 304: it freshens a stored response (§4.3.4) rather than being stored itself. */
  SKIP_NOT_MODIFIED("not-modified"),
  /** {@code must-understand} with a status this cache does not understand (§5.2.2.3). */
  SKIP_MUST_UNDERSTAND("must-understand"),
  /** {@code no-store} in the request (§5.2.1.5). */
  SKIP_REQUEST_NO_STORE("request-no-store"),
  /** {@code no-store} in the response (§5.2.2.5). */
  SKIP_NO_STORE("no-store"),
  /** {@code private}, qualified or not, in the response (§5.2.2.7). */
  SKIP_PRIVATE("private"),
  /**
   * {@code Authorization} in the request, and no {@code public}, {@code s-maxage} or
   * {@code must-revalidate} in the response (§3.5).
   */
  SKIP_AUTHORIZATION("authorization"),
  /** {@code Vary: *} can never be matched by a later request (RFC 9110 §12.5.5). */
  SKIP_VARY_STAR("vary-star"),
  /** No explicit freshness, no {@code public}, and a status not heuristically cacheable. */
  SKIP_NO_FRESHNESS("no-freshness");

  private final String reason;

  StorageDecision(String reason) {
    this.reason = reason;
  }

  /** A short label for metric tags, debug logs and {@code Cache-Status} details. */
  public String reason() {
    return reason;
  }

  public boolean isStorable() {
    return this == STORE_EXPLICIT || this == STORE_HEURISTIC;
  }
}
