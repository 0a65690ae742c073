package io.github.httpcache.servlet;

import io.github.httpcache.key.QueryString;
import io.github.httpcache.policy.RequestFacts;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;

/** Reads the {@link RequestFacts} the policies need from a servlet request. */
public final class RequestFactsReader {
  private static final String[] READ_HEADERS = {"authorization"};

  private RequestFactsReader() {}

  public static RequestFacts read(HttpServletRequest request) {
    Map<String, String> headers = new HashMap<>(2);
    for (String name : READ_HEADERS) {
      String value = request.getHeader(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    return new RequestFacts(request.getMethod(), path(request), QueryString.parse(request.getQueryString()), headers);
  }

  /**
   * The decoded, normalised, context-relative path the container resolved: servlet path plus
   * path info. Never the raw URI, so {@code ..}, {@code ;params} and {@code %2e} cannot alias keys.
   */
  public static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }
}
