package io.github.httpcache.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET} and {@code POST /api/posts/}: the cached list and the invalidating write of the
 * demo's posts; {@code /api/posts} without the slash redirects there.
 */
public final class PostsServlet extends JsonServlet {

  private static final long serialVersionUID = 1L;

  private static final int PERMANENT_REDIRECT = 308;

  @Override
  protected List<String> allowedMethods() {
    return List.of("GET", "HEAD", "POST");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (redirectedToCollection(request, response)) {
      return;
    }
    writeJson(response, HttpServletResponse.SC_OK, Map.of("posts", data().posts()));
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (redirectedToCollection(request, response)) {
      return;
    }
    data().addPost(requiredTextField(request, "title"));
    writeJson(response, HttpServletResponse.SC_CREATED, Map.of("message", "Post created"));
  }

  /**
   * Sends {@code /api/posts} to {@code /api/posts/}, the one path the cache routes, with 308 so a
   * POST stays a POST (RFC 9110 section 15.4.9); any other sub-path is a 404.
   */
  private boolean redirectedToCollection(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String pathInfo = request.getPathInfo();
    if (pathInfo == null) {
      String location = collectionLocation(request.getContextPath() + request.getServletPath(),
          request.getQueryString());
      response.setHeader("Location", location);
      writeJson(response, PERMANENT_REDIRECT, Map.of("message", "Moved to " + location));
      return true;
    }
    if (!pathInfo.equals("/")) {
      throw new ClientErrorException(HttpServletResponse.SC_NOT_FOUND, "No such resource: " + pathInfo);
    }
    return false;
  }

  static String collectionLocation(String collectionPath, String queryString) {
    String location = collectionPath + "/";
    return queryString == null || queryString.isEmpty() ? location : location + "?" + queryString;
  }
}
