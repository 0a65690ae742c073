package io.github.httpcache.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.httpcache.HttpCache;
import io.github.httpcache.HttpCacheFilter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** Writes the small JSON bodies of the admin and metrics endpoints, and finds the cache they report on. */
public final class JsonResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonResponses() {}

  public static void write(HttpServletResponse response, int status, Object body) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /**
   * The running cache the filter published, or null after answering 503: the endpoint is mapped
   * but the filter is not installed (or failed to start) in this application.
   */
  public static HttpCache installedCache(ServletContext context, HttpServletResponse response) throws IOException {
    Object cache = context.getAttribute(HttpCacheFilter.CACHE_ATTRIBUTE);
    if (cache instanceof HttpCache running) {
      return running;
    }
    message(response, 503, "http-cache filter is not installed in this application");
    return null;
  }

  public static void message(HttpServletResponse response, int status, String message) throws IOException {
    write(response, status, Map.of("message", message));
  }
}
