package io.github.httpcache;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import io.github.httpcache.servlet.ObservedRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin a test scripts per path: status, header lines and body, optionally answered
 * asynchronously. Each call appends its number to the body ("... #1", "... #2") so a hit is
 * proven by an old body and an unchanged call count. A {@link Responder} scripts a path per
 * request instead (a 304 to a conditional request, a different answer per method or call), and
 * every request a path receives is kept in order, so a test can prove what the cache sent.
 */
final class ScriptedOrigin extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** What one path answers. */
  record Script(int status, List<String[]> headers, byte[] body, boolean numbered, boolean async) {}

  /** What the origin received: the method and every header line, by lower-case name. */
  record Received(String method, Map<String, List<String>> headers) {
    /** The first line of {@code name}, or null. */
    String header(String name) {
      List<String> lines = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
      return lines.isEmpty() ? null : lines.get(0);
    }
  }

  /** One answer a {@link Responder} gives: status, header lines (name, value, ...) and exact body bytes. */
  record Reply(int status, List<String[]> headers, byte[] body) {
    /** A reply whose body is {@code body} as is (no call number appended); "" for none. */
    static Reply of(int status, String body, String... headers) {
      return new Reply(status, pairs(headers), body.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Computes the answer to one request; {@code call} counts every request to the path, from 1. */
  @FunctionalInterface
  interface Responder {
    Reply answer(Received request, int call);
  }

  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final Map<String, Responder> responders = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
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

  /**
   * Scripts {@code path} with a responder. Its reply's first line of each header name replaces
   * what the container set itself (such as {@code Date}); further lines of that name are added.
   */
  void respond(String path, Responder responder) {
    responders.put(path, responder);
  }

  /** Every request {@code path} received, in order. */
  List<Received> received(String path) {
    return List.copyOf(received.getOrDefault(path, List.of()));
  }

  /** The request that was call number {@code call} (from 1) to {@code path}. */
  Received received(String path, int call) {
    List<Received> all = received(path);
    if (call > all.size()) {
      throw new AssertionError("the origin received " + all.size() + " request(s) for " + path
          + ", not " + call);
    }
    return all.get(call - 1);
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
    responders.clear();
    received.clear();
    calls.clear();
    lastRequestHeaders.clear();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
    int call = calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    // The test's own record of what reached the origin, not a read by the page: past the cache's observation.
    HttpServletRequest seen = request instanceof ObservedRequest observed ? (HttpServletRequest) observed.getRequest() : request;
    for (String name : java.util.Collections.list(seen.getHeaderNames())) {
      lastRequestHeaders.put(name.toLowerCase(), seen.getHeader(name));
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
          .addAll(java.util.Collections.list(seen.getHeaders(name)));
    }
    Received exchange = new Received(request.getMethod(), Map.copyOf(headers));
    received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(exchange);
    Responder responder = responders.get(path);
    if (responder != null) {
      write(responder.answer(exchange, call), request.getMethod(), response);
      return;
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

  private static void write(Reply reply, String method, HttpServletResponse response) throws IOException {
    response.setStatus(reply.status());
    Set<String> written = new HashSet<>();
    for (String[] header : reply.headers()) {
      if (written.add(header[0].toLowerCase(Locale.ROOT))) {
        response.setHeader(header[0], header[1]);
      } else {
        response.addHeader(header[0], header[1]);
      }
    }
    if (!method.equals("HEAD") && reply.body().length > 0) {
      response.getOutputStream().write(reply.body());
    }
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
