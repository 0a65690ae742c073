package io.github.httpcache.policy;

import io.github.httpcache.key.QueryParameter;
import java.util.List;
import java.util.Map;

/**
 * What the policies need to know about a request, free of the Servlet API.
 *
 * @param path the decoded, normalised path the container resolved, relative to the context
 * @param headers the few request headers the policies read, by lower-case name
 */
public record RequestFacts(String method, String path, List<QueryParameter> query, Map<String, String> headers) {
  public RequestFacts {
    query = List.copyOf(query);
    headers = Map.copyOf(headers);
  }

  public boolean hasHeader(String lowerCaseName) {
    return headers.containsKey(lowerCaseName);
  }
}
