package io.github.httpcache.policy;

/**
 * Formats RFC 9211 {@code Cache-Status} values for this cache, e.g. {@code http-cache; hit; ttl=97}
 * or {@code http-cache; fwd=uri-miss; stored}.
 */
public final class CacheStatusHeaders {
  public static final String NAME = "Cache-Status";
  public static final String CACHE_NAME = "http-cache";

  /** RFC 9211 §2.2 forward reasons this cache uses. */
  public enum Forward {
    BYPASS("bypass"),
    STALE("stale"),
    URI_MISS("uri-miss"),
    VARY_MISS("vary-miss");

    private final String token;

    Forward(String token) {
      this.token = token;
    }
  }

  private CacheStatusHeaders() {}

  public static String hit(long ttlSeconds) {
    return CACHE_NAME + "; hit; ttl=" + ttlSeconds;
  }

  /** A stale entry served while one request refreshes it (RFC 5861); a negative ttl says how stale. */
  public static String staleWhileRevalidate(long secondsStale) {
    return CACHE_NAME + "; hit; ttl=" + (-secondsStale) + "; detail=stale-while-revalidate";
  }

  /** A stale entry served because the origin failed: {@code originStatus} is its status, or -1 if it threw. */
  public static String staleIfError(int originStatus) {
    return CACHE_NAME + "; fwd=" + Forward.STALE.token + (originStatus > 0 ? "; fwd-status=" + originStatus : "")
        + "; detail=stale-if-error";
  }

  /** A hit from this node's in-process near cache, Redis untouched. */
  public static String nearHit(long ttlSeconds) {
    return CACHE_NAME + "; hit; ttl=" + ttlSeconds + "; detail=near";
  }

  /** A hit on the entry another request was storing at that moment (one origin call for all of them). */
  public static String coalescedHit(long ttlSeconds) {
    return CACHE_NAME + "; hit; ttl=" + ttlSeconds + "; detail=coalesced";
  }

  /** A forwarded request; {@code stored} when the response was written to the cache, else the reason in {@code detail}. */
  public static String forwarded(Forward forward, StoreDecision decision) {
    String value = CACHE_NAME + "; fwd=" + forward.token;
    if (decision == null) {
      return value;
    }
    return decision == StoreDecision.STORE ? value + "; stored" : value + "; detail=" + decision.reason();
  }

  /** As {@link #forwarded(Forward, StoreDecision)}, naming the unkeyed input that kept the response out. */
  public static String forwarded(Forward forward, StoreDecision decision, String unkeyedInput) {
    return forwarded(forward, decision) + "; key=\"" + unkeyedInput.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  public static String bypass(String reason) {
    return CACHE_NAME + "; fwd=" + Forward.BYPASS.token + "; detail=" + reason;
  }

  /** A stale entry the origin confirmed with a 304 (RFC 9111 §4.3.3), served with its stored body. */
  public static String revalidated() {
    return CACHE_NAME + "; fwd=stale; fwd-status=304";
  }
}
