package io.github.httpcache.servlet;

import io.github.httpcache.HttpCache;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.OptionalLong;

/**
 * {@code DELETE <mapping>/{key}} deletes one entry by its exact logical key, written raw after the
 * mapping, e.g. {@code DELETE /api/invalidate/GET:/api/posts/}. Guarded by {@code admin.token}
 * (as {@code Authorization: Bearer <token>}), or, with no token configured, loopback clients only.
 */
public final class AdminServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    HttpCache cache = JsonResponses.installedCache(getServletContext(), response);
    if (cache == null) {
      return;
    }
    if (!authorized(cache, request, response)) {
      return;
    }
    if (!request.getMethod().equals("DELETE")) {
      response.setHeader("Allow", "DELETE");
      JsonResponses.message(response, 405, "Use DELETE with the logical key, e.g. DELETE /api/invalidate/GET:/api/posts/");
      return;
    }
    String key = logicalKey(request);
    if (key.isEmpty()) {
      JsonResponses.message(response, 400, "Missing key: DELETE /api/invalidate/{key}, e.g. GET:/api/posts/");
      return;
    }
    OptionalLong deleted = cache.invalidate(key);
    if (deleted.isEmpty()) {
      JsonResponses.message(response, 503, "Cache store unavailable; nothing was deleted");
    } else if (deleted.getAsLong() == 0) {
      JsonResponses.message(response, 404, "Cache key not found");
    } else {
      JsonResponses.message(response, 200, "Cache key deleted");
    }
  }

  /** The key after the mapping, with the query string kept: keys may contain {@code ?}. */
  private static String logicalKey(HttpServletRequest request) {
    String pathInfo = request.getPathInfo();
    String key = pathInfo == null ? "" : pathInfo.substring(1);
    String query = request.getQueryString();
    return query == null ? key : key + "?" + query;
  }

  private static boolean authorized(HttpCache cache, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (cache.settings().hasAdminToken()) {
      String expected = "Bearer " + cache.settings().adminToken();
      String given = request.getHeader("Authorization");
      if (given != null && MessageDigest.isEqual(
          given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
        return true;
      }
      response.setHeader("WWW-Authenticate", "Bearer realm=\"http-cache\"");
      JsonResponses.message(response, 401, "Missing or wrong bearer token");
      return false;
    }
    if (isLoopback(request.getRemoteAddr())) {
      return true;
    }
    JsonResponses.message(response, 403, "Admin endpoints answer loopback clients only unless admin.token is set");
    return false;
  }

  private static boolean isLoopback(String address) {
    try {
      return address != null && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
