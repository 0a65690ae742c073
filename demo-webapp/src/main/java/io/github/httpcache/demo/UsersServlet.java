package io.github.httpcache.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * {@code GET} and {@code PUT /api/users/{id}}: the cached read and the invalidating write
 * of the demo's users.
 */
public final class UsersServlet extends JsonServlet {

  private static final long serialVersionUID = 1L;

  // One spelling per user: "/01" or "/+1" as user 1 would be a second cached copy that PUT /1 leaves stale.
  private static final Pattern USER_ID = Pattern.compile("/(0|[1-9][0-9]{0,17})");

  @Override
  protected List<String> allowedMethods() {
    return List.of("GET", "HEAD", "PUT");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    long id = requireUserId(request.getPathInfo());
    User user = data().findUser(id).orElseThrow(() -> userNotFound(request.getPathInfo()));
    writeJson(response, HttpServletResponse.SC_OK, Map.of("user", user));
  }

  @Override
  protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
    long id = requireUserId(request.getPathInfo());
    // 404 before 400: there is no resource to apply even a well-formed body to.
    data().findUser(id).orElseThrow(() -> userNotFound(request.getPathInfo()));
    String name = requiredTextField(request, "name");
    data().renameUser(id, name).orElseThrow(() -> userNotFound(request.getPathInfo()));
    writeJson(response, HttpServletResponse.SC_OK, Map.of("message", "User updated"));
  }

  /** Parses the path info {@code /42}, in canonical decimal only; anything else ({@code /042}) is no user. */
  static OptionalLong userId(String pathInfo) {
    if (pathInfo == null || !USER_ID.matcher(pathInfo).matches()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(pathInfo.substring(1)));
  }

  private static long requireUserId(String pathInfo) {
    return userId(pathInfo).orElseThrow(() -> userNotFound(pathInfo));
  }

  private static ClientErrorException userNotFound(String pathInfo) {
    String message = pathInfo == null || pathInfo.equals("/")
        ? "No user id in the path; expected /api/users/{id}"
        : "User " + pathInfo.substring(1) + " not found";
    return new ClientErrorException(HttpServletResponse.SC_NOT_FOUND, message);
  }
}
