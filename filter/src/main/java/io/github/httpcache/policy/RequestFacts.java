package io.github.httpcache.policy;

import io.github.httpcache.key.QueryParameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the policies need to know about a request, free of the Servlet API.
 *
 * @param path the decoded, normalised path the container resolved, relative to the context
 * @param headers the few request headers the policies read, by lower-case name
 * @param user on a per-user route, the user the request comes from
 * @param origin scheme, host and port as the container resolved them
 * @param pathAsKeyed whether the path as sent is {@code path}, spelled at most with other escapes:
 *     no path parameters ({@code ;x}), dot segments or doubled slashes the container took away,
 *     which an application reading the raw URI would see although the key does not hold them
 */
public record RequestFacts(String method, String path, List<QueryParameter> query, Map<String, String> headers,
    Optional<String> user, RequestOrigin origin, boolean pathAsKeyed) {
  public RequestFacts {
    query = List.copyOf(query);
    headers = Map.copyOf(headers);
  }

  /** A request whose path was sent as the key holds it. */
  public RequestFacts(String method, String path, List<QueryParameter> query, Map<String, String> headers,
      Optional<String> user, RequestOrigin origin) {
    this(method, path, query, headers, user, origin, true);
  }

  /** A request from {@link RequestOrigin#LOCAL}. */
  public RequestFacts(String method, String path, List<QueryParameter> query, Map<String, String> headers,
      Optional<String> user) {
    this(method, path, query, headers, user, RequestOrigin.LOCAL);
  }

  /** A request with no user identity (the route is not per-user, or none was found). */
  public RequestFacts(String method, String path, List<QueryParameter> query, Map<String, String> headers) {
    this(method, path, query, headers, Optional.empty());
  }

  public Optional<String> header(String lowerCaseName) {
    return Optional.ofNullable(headers.get(lowerCaseName));
  }

  public boolean hasHeader(String lowerCaseName) {
    return headers.containsKey(lowerCaseName);
  }

  /**
   * Whether the request carries a body ({@code Content-Length} above 0, or any
   * {@code Transfer-Encoding}); an unparsable length counts as one, to be safe.
   */
  public boolean hasBody() {
    if (headers.containsKey("transfer-encoding")) {
      return true;
    }
    String length = headers.get("content-length");
    if (length == null) {
      return false;
    }
    try {
      return Long.parseLong(length.trim()) > 0;
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
