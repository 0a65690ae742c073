package io.github.httpcache.policy;

/** Whether a routed GET or HEAD may be answered from the cache, and if not, why. */
public enum Lookup {
  LOOKUP("lookup"),
  BYPASS_NOCACHE("nocache"),
  BYPASS_AUTHORIZATION("authorization"),
  BYPASS_QUERY("query"),
  BYPASS_NO_USER("no-user"),
  /** A request with {@code Cookie} on a route that does not say what its cookies do. */
  BYPASS_COOKIE("cookie"),
  /** A {@code GET} with a body: its answer may depend on bytes the key does not hold. */
  BYPASS_BODY("body"),
  /** A host the operator did not name in {@code cache.hosts} (or the route's {@code hosts}). */
  BYPASS_HOST("host");

  private final String reason;

  Lookup(String reason) {
    this.reason = reason;
  }

  /** A short label for metric names and debug logs. */
  public String reason() {
    return reason;
  }
}
