package io.github.httpcache.policy;

/** Whether a routed GET or HEAD may be answered from the cache, and if not, why. */
public enum Lookup {
  LOOKUP("lookup"),
  BYPASS_NOCACHE("nocache"),
  BYPASS_AUTHORIZATION("authorization"),
  BYPASS_QUERY("query"),
  BYPASS_NO_USER("no-user");

  private final String reason;

  Lookup(String reason) {
    this.reason = reason;
  }

  /** A short label for metric names and debug logs. */
  public String reason() {
    return reason;
  }
}
