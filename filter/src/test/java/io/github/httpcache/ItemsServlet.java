package io.github.httpcache;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny resource: GET reads an item, PUT replaces it (a body of "fail" answers 400 and changes nothing). */
final class ItemsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  final Map<String, String> items = new ConcurrentHashMap<>();
  final AtomicInteger reads = new AtomicInteger();

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    reads.incrementAndGet();
    String value = items.get(request.getPathInfo().substring(1));
    if (value == null) {
      response.sendError(404);
      return;
    }
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().write(value);
  }

  @Override
  protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (body.equals("fail")) {
      response.setStatus(400);
      response.getWriter().write("rejected");
      return;
    }
    items.put(request.getPathInfo().substring(1), body);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().write("updated");
  }
}
