package io.github.httpcache.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The web.xml error page: renders errors the container raises itself (an unmapped path,
 * an uncaught exception) as {@code {"error": "..."}}, so every demo response is JSON.
 */
public final class JsonErrorServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient ObjectMapper mapper = DemoJson.newMapper();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    int status = statusOf(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
    byte[] body = mapper.writeValueAsBytes(
        Map.of("error", messageOf(request.getAttribute(RequestDispatcher.ERROR_MESSAGE), status)));
    response.setStatus(status);
    response.setContentType(DemoJson.CONTENT_TYPE);
    response.setContentLength(body.length);
    if (!"HEAD".equals(request.getMethod())) {
      response.getOutputStream().write(body);
    }
  }

  /** Without the attribute this is a direct request for the error page, which is no resource. */
  static int statusOf(Object statusAttribute) {
    return statusAttribute instanceof Integer status ? status : HttpServletResponse.SC_NOT_FOUND;
  }

  /** A 5xx message may carry an exception's text, which stays in the server log, not the body. */
  static String messageOf(Object messageAttribute, int status) {
    if (status < 500 && messageAttribute instanceof String message && !message.isBlank()) {
      return message;
    }
    return "Request failed with status " + status;
  }
}
