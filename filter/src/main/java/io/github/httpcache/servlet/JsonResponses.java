package io.github.httpcache.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** Writes the small JSON bodies of the admin and metrics endpoints. */
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

  public static void message(HttpServletResponse response, int status, String message) throws IOException {
    write(response, status, Map.of("message", message));
  }
}
