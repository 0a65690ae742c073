package io.github.httpcache;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin a test scripts per path: status, header lines and body, optionally answered
 * asynchronously. Each call appends its number to the body ("... #1", "... #2") so a hit is
 * proven by an old body and an unchanged call count.
 */
final class ScriptedOrigin extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** What one path answers. */
  record Script(int status, List<String[]> headers, byte[] body, boolean numbered, boolean async) {}

  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  final Map<String, String> lastRequestHeaders = new ConcurrentHashMap<>();

  /** Scripts {@code path} to answer {@code status} with {@code headers} (name, value, name, value...) and a numbered text body. */
  void script(String path, int status, String body, String... headers) {
    scripts.put(path, new Script(status, pairs(headers), body.getBytes(StandardCharsets.UTF_8), true, false));
  }

  /** Scripts exact bytes (no call number appended). */
  void scriptBytes(String path, int status, byte[] body, String... headers) {
    scripts.put(path, new Script(status, pairs(headers), body, false, false));
  }

  /** Scripts an asynchronous answer, written from another thread after a short wait. */
  void scriptAsync(String path, int status, String body, String... headers) {
    scripts.put(path, new Script(status, pairs(headers), body.getBytes(StandardCharsets.UTF_8), true, true));
  }

  private static List<String[]> pairs(String... headers) {
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      pairs.add(new String[] {headers[i], headers[i + 1]});
    }
    return pairs;
  }

  int calls(String path) {
    return calls.computeIfAbsent(path, p -> new AtomicInteger()).get();
  }

  void reset() {
    scripts.clear();
    calls.clear();
    lastRequestHeaders.clear();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
    int call = calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    for (String name : java.util.Collections.list(request.getHeaderNames())) {
      lastRequestHeaders.put(name.toLowerCase(), request.getHeader(name));
    }
    Script script = scripts.get(path);
    if (script == null) {
      response.sendError(404, "not scripted: " + path);
      return;
    }
    if (!script.async()) {
      write(script, call, request.getMethod(), response);
      return;
    }
    AsyncContext async = request.startAsync();
    CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS).execute(() -> {
      try {
        write(script, call, request.getMethod(), (HttpServletResponse) async.getResponse());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        async.complete();
      }
    });
  }

  private static void write(Script script, int call, String method, HttpServletResponse response) throws IOException {
    response.setStatus(script.status());
    for (String[] header : script.headers()) {
      response.addHeader(header[0], header[1]);
    }
    byte[] body = script.numbered()
        ? (new String(script.body(), StandardCharsets.UTF_8) + " #" + call).getBytes(StandardCharsets.UTF_8)
        : script.body();
    if (!method.equals("HEAD")) {
      response.getOutputStream().write(body);
    }
  }
}
