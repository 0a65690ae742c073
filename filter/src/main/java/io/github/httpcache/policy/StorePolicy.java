package io.github.httpcache.policy;

import io.github.httpcache.config.CookieRule;
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
    return decide(method, response, Sharing.SHARED, CookieRule.UNDECLARED);
  }

  public static StoreDecision decide(String method, ResponseFacts response, Sharing sharing) {
    return decide(method, response, sharing, CookieRule.UNDECLARED);
  }

  /**
   * As {@link #decide(String, ResponseFacts)}; a {@link Sharing#PER_USER} entry is only ever
   * served to its own user, so {@code private} does not forbid storing it, and {@code Set-Cookie}
   * lines the route strips do not forbid storing the rest.
   */
  public static StoreDecision decide(String method, ResponseFacts response, Sharing sharing, CookieRule cookies) {
    if (!method.equals("GET")) {
      return StoreDecision.SKIP_METHOD;
    }
    if (response.status() != 200) {
      return StoreDecision.SKIP_STATUS;
    }
    StoreDecision never = neverStored(response, cookies);
    if (never != StoreDecision.STORE) {
      return never;
    }
    if (CacheControl.has(response.header("cache-control"), "no-store")) {
      return StoreDecision.SKIP_NO_STORE;
    }
    // The origin asks to be consulted on every reuse; a TTL cache would not, so it does not store.
    if (CacheControl.has(response.header("cache-control"), "no-cache")) {
      return StoreDecision.SKIP_NO_CACHE;
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

  /** What neither mode stores: a body not captured whole, and what {@link #neverShared} forbids. */
  private static StoreDecision neverStored(ResponseFacts response, CookieRule cookies) {
    return switch (response.body()) {
      case OVER_LIMIT -> StoreDecision.SKIP_TOO_LARGE;
      case OVER_MEMORY -> StoreDecision.SKIP_FILL_MEMORY;
      case ABANDONED -> StoreDecision.SKIP_ABANDONED;
      case COMPLETE -> neverShared(response, cookies);
    };
  }

  /**
   * {@code freshness=origin}: RFC 9111 §3 as {@link StorageRules} reads it (any cacheable status,
   * {@code Authorization} only with {@code public}, {@code s-maxage} or {@code must-revalidate}),
   * plus what this cache never stores in either mode: a partial body and {@code Set-Cookie}.
   * Whether there is freshness to reuse is the caller's to judge (a fallback TTL may supply it).
   */
  public static StoreDecision decideFromOrigin(Map<String, List<String>> requestHeaders, ResponseFacts response,
      Sharing sharing, CookieRule cookies) {
    StoreDecision never = neverStored(response, cookies);
    if (never != StoreDecision.STORE) {
      return never;
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

  /** What neither freshness mode stores: one client's cookies, and a live event stream. */
  private static StoreDecision neverShared(ResponseFacts response, CookieRule cookies) {
    // A cookie is one client's state; sharing it would hand one user's session to another.
    if (!Cookies.onlyStripped(response.header("set-cookie"), cookies)) {
      return StoreDecision.SKIP_SET_COOKIE;
    }
    for (String type : response.header("content-type")) {
      if (isEventStream(type)) {
        return StoreDecision.SKIP_EVENT_STREAM;
      }
    }
    return StoreDecision.STORE;
  }

  /** Whether a {@code Content-Type} is {@code text/event-stream} (server-sent events), whatever its parameters. */
  public static boolean isEventStream(String contentType) {
    return contentType != null && contentType.trim().toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
  }
}
