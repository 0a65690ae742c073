package io.github.httpcache.policy;

import java.util.List;
import java.util.Map;

/**
 * Decides whether a response may be stored and shared under the route-TTL freshness rules:
 * a complete 200 to a GET, with no cookie, no {@code no-store} or {@code private}, and a
 * bounded {@code Vary}.
 */
public final class StorePolicy {
  private StorePolicy() {}

  public static StoreDecision decide(String method, ResponseFacts response) {
    return decide(method, response, Sharing.SHARED);
  }

  /**
   * As {@link #decide(String, ResponseFacts)}; a {@link Sharing#PER_USER} entry is only ever
   * served to its own user, so {@code private} does not forbid storing it.
   */
  public static StoreDecision decide(String method, ResponseFacts response, Sharing sharing) {
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
    if (sharing == Sharing.SHARED && CacheControl.has(response.header("cache-control"), "private")) {
      return StoreDecision.SKIP_PRIVATE;
    }
    // RFC 9110 §12.5.5: Vary: * can never be matched by a later request.
    if (VaryHeader.isStar(response.header("vary"))) {
      return StoreDecision.SKIP_VARY_STAR;
    }
    return StoreDecision.STORE;
  }

  /**
   * {@code freshness=origin}: RFC 9111 §3 as {@link StorageRules} reads it (any cacheable status,
   * {@code Authorization} only with {@code public}, {@code s-maxage} or {@code must-revalidate}),
   * plus what this cache never stores in either mode: a partial body and {@code Set-Cookie}.
   * Whether there is freshness to reuse is the caller's to judge (a fallback TTL may supply it).
   */
  public static StoreDecision decideFromOrigin(Map<String, List<String>> requestHeaders, ResponseFacts response,
      Sharing sharing) {
    if (response.body() == ResponseFacts.BodyCapture.OVER_LIMIT) {
      return StoreDecision.SKIP_TOO_LARGE;
    }
    if (response.body() == ResponseFacts.BodyCapture.ABANDONED) {
      return StoreDecision.SKIP_ABANDONED;
    }
    if (!response.header("set-cookie").isEmpty()) {
      return StoreDecision.SKIP_SET_COOKIE;
    }
    StorageDecision rules = StorageRules.decide("GET", requestHeaders, response.status(), response.headers());
    return switch (rules) {
      case STORE_EXPLICIT, STORE_HEURISTIC -> StoreDecision.STORE;
      case SKIP_NO_FRESHNESS -> StoreDecision.SKIP_NO_FRESHNESS;
      case SKIP_METHOD -> StoreDecision.SKIP_METHOD;
      case SKIP_NOT_FINAL, SKIP_PARTIAL, SKIP_NOT_MODIFIED -> StoreDecision.SKIP_STATUS;
      case SKIP_MUST_UNDERSTAND -> StoreDecision.SKIP_MUST_UNDERSTAND;
      case SKIP_REQUEST_NO_STORE -> StoreDecision.SKIP_REQUEST_NO_STORE;
      case SKIP_NO_STORE -> StoreDecision.SKIP_NO_STORE;
      case SKIP_PRIVATE -> sharing == Sharing.PER_USER ? StoreDecision.STORE : StoreDecision.SKIP_PRIVATE;
      case SKIP_AUTHORIZATION -> sharing == Sharing.PER_USER ? StoreDecision.STORE : StoreDecision.SKIP_AUTHORIZATION;
      case SKIP_VARY_STAR -> StoreDecision.SKIP_VARY_STAR;
    };
  }
}
