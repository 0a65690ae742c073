package io.github.httpcache.policy;

/**
 * Decides whether a response may be stored and shared under the route-TTL freshness rules:
 * a complete 200 to a GET, with no cookie and no {@code no-store} or {@code private}.
 */
public final class StorePolicy {
  private StorePolicy() {}

  public static StoreDecision decide(String method, ResponseFacts response) {
    if (!method.equals("GET")) {
      return StoreDecision.SKIP_METHOD;
    }
    if (response.status() != 200) {
      return StoreDecision.SKIP_STATUS;
    }
    if (response.body() == ResponseFacts.BodyCapture.OVER_LIMIT) {
      return StoreDecision.SKIP_TOO_LARGE;
    }
    if (response.body() == ResponseFacts.BodyCapture.ABANDONED) {
      return StoreDecision.SKIP_ABANDONED;
    }
    // A cookie is one client's state; sharing it would hand one user's session to another.
    if (!response.header("set-cookie").isEmpty()) {
      return StoreDecision.SKIP_SET_COOKIE;
    }
    if (CacheControl.has(response.header("cache-control"), "no-store")) {
      return StoreDecision.SKIP_NO_STORE;
    }
    // RFC 9111 §5.2.2.7: a shared cache must not store a response marked private.
    if (CacheControl.has(response.header("cache-control"), "private")) {
      return StoreDecision.SKIP_PRIVATE;
    }
    return StoreDecision.STORE;
  }
}
