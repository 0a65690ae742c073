package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisFixture;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 5861 grace per route: stale-while-revalidate and stale-if-error, with one-second TTLs. */
class GraceTest {
  private static final FlakyOrigin origin = new FlakyOrigin();
  private static RedisFixture redis;
  private static TestServer server;

  /** Answers "v1", "v2", ... or fails as told: 503, or an exception. */
  static final class FlakyOrigin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicInteger version = new AtomicInteger();
    volatile String failure = "";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
      if (failure.equals("503")) {
        response.sendError(503);
        return;
      }
      if (failure.equals("throw")) {
        throw new ServletException("the database is down");
      }
      response.setContentType("text/plain");
      response.getWriter().write("v" + version.incrementAndGet());
    }
  }

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    server = TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "route.swr.path", "/swr/{name}",
            "route.swr.ttl", "1s",
            "route.swr.stale-while-revalidate", "30s",
            "route.sie.path", "/sie/{name}",
            "route.sie.ttl", "1s",
            "route.sie.stale-if-error", "30s",
            "route.short.path", "/short/{name}",
            "route.short.ttl", "1s",
            "route.short.stale-if-error", "1s"),
        Map.of("/swr/*", origin, "/sie/*", origin, "/short/*", origin));
  }

  @AfterAll
  static void stop() {
    server.close();
    redis.close();
  }

  @BeforeEach
  void reset() {
    redis.flushAll();
    origin.failure = "";
  }

  private static String status(HttpResponse<?> response) {
    return response.headers().firstValue("Cache-Status").orElse("");
  }

  /** Reads {@code path} until {@code done} holds (bounded: 10 s), returning that response. */
  private static HttpResponse<String> readUntil(String path, Predicate<HttpResponse<String>> done) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    HttpResponse<String> response = server.get(path);
    while (!done.test(response) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      response = server.get(path);
    }
    assertTrue(done.test(response), "never reached; last: " + response.statusCode() + " " + status(response));
    return response;
  }

  @Test
  void staleWhileRevalidateAnswersAtOnceAndRefreshesOnce() throws Exception {
    String first = server.get("/swr/a").body();

    HttpResponse<String> stale = readUntil("/swr/a", r -> status(r).endsWith("detail=stale-while-revalidate"));
    HttpResponse<String> refreshed = readUntil("/swr/a", r -> !r.body().equals(first));

    assertEquals(first, stale.body());
    assertEquals("HIT", stale.headers().firstValue("X-Cache").orElseThrow());
    assertTrue(status(refreshed).startsWith("http-cache; hit"), status(refreshed));
  }

  @Test
  void staleIfErrorAnswersTheStaleEntryWhenTheOriginSays503() throws Exception {
    String first = server.get("/sie/b").body();
    origin.failure = "503";

    HttpResponse<String> stale = readUntil("/sie/b", r -> status(r).contains("stale-if-error"));

    assertEquals(200, stale.statusCode());
    assertEquals(first, stale.body());
    assertEquals("http-cache; fwd=stale; fwd-status=503; detail=stale-if-error", status(stale));
  }

  @Test
  void staleIfErrorAnswersTheStaleEntryWhenTheOriginThrows() throws Exception {
    String first = server.get("/sie/c").body();
    origin.failure = "throw";

    HttpResponse<String> stale = readUntil("/sie/c", r -> status(r).contains("stale-if-error"));

    assertEquals(200, stale.statusCode());
    assertEquals(first, stale.body());
    assertEquals("http-cache; fwd=stale; detail=stale-if-error", status(stale));
  }

  @Test
  void pastTheGraceWindowTheOriginsErrorGoesThrough() throws Exception {
    server.get("/short/d");
    origin.failure = "503";

    HttpResponse<String> failed = readUntil("/short/d", r -> r.statusCode() == 503);

    assertEquals(503, failed.statusCode());
  }

  @Test
  void freshOriginAnswerReplacesTheStaleEntry() throws Exception {
    String first = server.get("/sie/e").body();

    HttpResponse<String> replaced = readUntil("/sie/e", r -> !r.body().equals(first));

    assertEquals("http-cache; fwd=stale; stored", status(replaced));
  }
}
