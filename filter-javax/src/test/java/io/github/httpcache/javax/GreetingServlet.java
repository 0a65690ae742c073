package io.github.httpcache.javax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * A Servlet 4 origin: every GET answers a new version number, so a response that repeats one was
 * served by the cache; a POST bumps nothing but is the write that invalidates.
 */
public final class GreetingServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final AtomicInteger CALLS = new AtomicInteger();

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    response.getOutputStream().write(("hello #" + CALLS.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }
}
