package io.github.httpcache.policy;

/** Whether a response the origin produced may be stored, and if not, why. */
public enum StoreDecision {
  STORE("stored"),
  SKIP_METHOD("method"),
  SKIP_STATUS("status"),
  SKIP_SET_COOKIE("set-cookie"),
  SKIP_NO_STORE("no-store"),
  SKIP_PRIVATE("private"),
  SKIP_VARY_STAR("vary-star"),
  SKIP_KEY_BUDGET("key-budget"),
  SKIP_STORE_UNAVAILABLE("store-unavailable"),
  SKIP_FENCED("fenced"),
  SKIP_SLOW_FILL("slow-fill"),
  SKIP_TOO_LARGE("too-large"),
  SKIP_ABANDONED("abandoned"),
  /** {@code freshness=origin}: a request with credentials, and no {@code public}/{@code s-maxage}/{@code must-revalidate}. */
  SKIP_AUTHORIZATION("authorization"),
  /** {@code freshness=origin}: no explicit freshness, no fallback TTL, so nothing could ever be reused. */
  SKIP_NO_FRESHNESS("no-freshness"),
  /** {@code freshness=origin}: the request said {@code no-store}. */
  SKIP_REQUEST_NO_STORE("request-no-store"),
  /** {@code freshness=origin}: {@code must-understand} on a status code the cache does not implement. */
  SKIP_MUST_UNDERSTAND("must-understand"),
  /** Route freshness: {@code Cache-Control: no-cache} says every reuse needs the origin's consent. */
  SKIP_NO_CACHE("no-cache"),
  /** A {@code text/event-stream}: a live stream, never one response to replay. */
  SKIP_EVENT_STREAM("event-stream"),
  /** All fills in progress already buffer {@code cache.fill-memory}: this one streamed through. */
  SKIP_FILL_MEMORY("memory"),
  /** The page read a request input its key does not hold ({@code Cache-Status} names it). */
  SKIP_UNKEYED_INPUT("unkeyed-input");

  private final String reason;

  StoreDecision(String reason) {
    this.reason = reason;
  }

  /** A short label for metric names and debug logs. */
  public String reason() {
    return reason;
  }
}
