package io.github.httpcache.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RFC 9111 §3 for a shared cache whose freshness comes from the origin: may this response be
 * stored? Only the protocol's rules live here; this project's own limits (route, body size,
 * {@code Set-Cookie}, key budget) stay in {@link StorePolicy} and its peers.
 *
 * <ul>
 *   <li>Only {@code GET} is stored. A {@code HEAD} response has no body to store, and updating a
 *       stored {@code GET} response from one (§4.3.5) is not done.
 *   <li>206 and 304 pass through: this cache neither combines partial content nor stores a 304.
 *   <li>{@code must-understand} (§5.2.2.3) is implemented: with a status in
 *       {@link #understands(int)} it overrides {@code no-store}; with any other status the
 *       response is not stored.
 *   <li>Qualified {@code private="field"} is treated as unqualified: the whole response is
 *       refused rather than stored without the listed fields.
 * </ul>
 */
public final class StorageRules {
  /** RFC 9110 §15.1: statuses defined as heuristically cacheable. */
  private static final Set<Integer> HEURISTICALLY_CACHEABLE =
      Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);

  /**
   * Final statuses whose semantics RFC 9110 defines and whose caching needs nothing beyond the
   * general rules; 206 and 304 are absent because their special handling is not implemented.
   */
  private static final Set<Integer> UNDERSTOOD = Set.of(
      200, 201, 202, 203, 204, 205, 300, 301, 302, 303, 307, 308,
      400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417,
      421, 422, 426, 500, 501, 502, 503, 504, 505);

  private StorageRules() {}

  /**
   * Decides storage for one exchange. Header maps hold field lines by lower-case name; only the
   * request's {@code authorization} and {@code cache-control} are read.
   */
  public static StorageDecision decide(String method, Map<String, List<String>> requestHeaders,
      int status, Map<String, List<String>> responseHeaders) {
    if (!method.equals("GET")) {
      return StorageDecision.SKIP_METHOD;
    }
    if (status < 200 || status > 599) {
      return StorageDecision.SKIP_NOT_FINAL;
    }
    if (status == 206) {
      return StorageDecision.SKIP_PARTIAL;
    }
    if (status == 304) {
      return StorageDecision.SKIP_NOT_MODIFIED;
    }
    if (CacheDirectives.parse(lines(requestHeaders, "cache-control")).noStore()) {
      return StorageDecision.SKIP_REQUEST_NO_STORE;
    }
    return byResponse(requestHeaders.containsKey("authorization"), status, responseHeaders);
  }

  /** §3 once the request allows storing: what the response's own fields say. */
  private static StorageDecision byResponse(boolean authorized, int status, Map<String, List<String>> responseHeaders) {
    CacheDirectives response = CacheDirectives.parse(lines(responseHeaders, "cache-control"));
    if (response.mustUnderstand() && !understands(status)) {
      return StorageDecision.SKIP_MUST_UNDERSTAND;
    }
    if (response.noStore() && !response.mustUnderstand()) {
      return StorageDecision.SKIP_NO_STORE;
    }
    if (response.isPrivate()) {
      return StorageDecision.SKIP_PRIVATE;
    }
    // §3.5: these directives say the origin meant the answer to be shared despite the credentials.
    if (authorized
        && !(response.isPublic() || response.has("s-maxage") || response.mustRevalidate())) {
      return StorageDecision.SKIP_AUTHORIZATION;
    }
    if (VaryHeader.isStar(lines(responseHeaders, "vary"))) {
      return StorageDecision.SKIP_VARY_STAR;
    }
    if (response.has("s-maxage") || response.has("max-age")
        || !lines(responseHeaders, "expires").isEmpty()) {
      return StorageDecision.STORE_EXPLICIT;
    }
    if (response.isPublic() || isHeuristicallyCacheable(status)) {
      return StorageDecision.STORE_HEURISTIC;
    }
    return StorageDecision.SKIP_NO_FRESHNESS;
  }

  /** RFC 9110 §15.1: 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414 and 501. */
  public static boolean isHeuristicallyCacheable(int status) {
    return HEURISTICALLY_CACHEABLE.contains(status);
  }

  /** Whether this cache implements all caching behaviour of {@code status} (RFC 9111 §3). */
  public static boolean understands(int status) {
    return UNDERSTOOD.contains(status);
  }

  private static List<String> lines(Map<String, List<String>> headers, String name) {
    return headers.getOrDefault(name, List.of());
  }
}
