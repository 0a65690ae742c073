package io.github.httpcache;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin whose every answer differs ("call 1", "call 2", ...) so a hit is proven by an old body
 * and an unchanged call count. The first path segment after the mapping picks the behaviour.
 */
final class OriginServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  final AtomicInteger calls = new AtomicInteger();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    int call = calls.incrementAndGet();
    String body = "call " + call;
    String[] parts = request.getPathInfo().substring(1).split("/");
    response.setContentType("text/plain;charset=UTF-8");
    response.setHeader("X-Origin-Call", Integer.toString(call));
    switch (parts[0]) {
      case "writer" -> response.getWriter().write(body + " ünïcödé");
      case "stream" -> response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
      case "status" -> {
        response.setStatus(Integer.parseInt(parts[1]));
        response.getWriter().write(body);
      }
      case "send-error" -> response.sendError(Integer.parseInt(parts[1]), body);
      case "redirect" -> response.sendRedirect("/elsewhere");
      case "cookie" -> {
        response.addHeader("Set-Cookie", "session=" + call);
        response.getWriter().write(body);
      }
      case "cache-control" -> {
        response.setHeader("Cache-Control", request.getParameter("value"));
        response.getWriter().write(body);
      }
      case "flush-early" -> {
        PrintWriter writer = response.getWriter();
        writer.write(body + " part one;");
        response.flushBuffer();
        writer.write(" part two");
      }
      case "reset" -> {
        response.setHeader("X-Dropped", "yes");
        response.getWriter().write("this text is reset away");
        response.reset();
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(body);
      }
      case "reset-buffer" -> {
        response.getWriter().write("this text is reset away");
        response.resetBuffer();
        response.getWriter().write(body);
      }
      case "content-length" -> {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLengthLong(bytes.length);
        response.getOutputStream().write(bytes);
      }
      case "big" -> {
        int size = Integer.parseInt(parts[1]);
        ServletOutputStream out = response.getOutputStream();
        byte[] chunk = new byte[8192];
        java.util.Arrays.fill(chunk, (byte) ('a' + call % 26));
        for (int written = 0; written < size; written += chunk.length) {
          out.write(chunk, 0, Math.min(chunk.length, size - written));
        }
      }
      case "both-channels" -> {
        response.getOutputStream();
        try {
          response.getWriter();
          response.getOutputStream().write("writer was allowed".getBytes(StandardCharsets.UTF_8));
        } catch (IllegalStateException expected) {
          response.getOutputStream().write((body + " refused").getBytes(StandardCharsets.UTF_8));
        }
      }
      default -> response.getWriter().write(body);
    }
  }
}
