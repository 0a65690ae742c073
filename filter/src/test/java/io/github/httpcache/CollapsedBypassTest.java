package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisFixture;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * While Redis cannot be asked, requests for one entry share one origin call instead of each
 * making its own, but only a call that began after they arrived: one under way may have read the
 * origin before a write they must see.
 */
class CollapsedBypassTest {
  private static RedisFixture redis;
  private static TestServer server;
  private static final SlowOrigin origin = new SlowOrigin();

  /** Reads the current version as the call begins, then takes 400 ms to answer with it. */
  static final class SlowOrigin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicReference<String> version = new AtomicReference<>("v1");
    final AtomicInteger calls = new AtomicInteger();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String read = version.get();
      calls.incrementAndGet();
      try {
        Thread.sleep(400);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      response.setContentType("text/plain");
      response.getWriter().write(read);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.startProcess();
    server = TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "redis.timeout", "100ms",
            "route.page.path", "/page/{id}",
            "route.page.ttl", "60s"),
        Map.of("/page/*", origin));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    redis.close();
  }

  @AfterEach
  void thaw() {
    redis.resume();
  }

  private static CompletableFuture<HttpResponse<String>> get(String path) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return server.get(path);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static String xCache(HttpResponse<String> response) {
    return response.headers().firstValue("X-Cache").orElse("");
  }

  @Test
  void requestsArrivingTogetherWhileRedisIsFrozenShareOneOriginCall() throws Exception {
    origin.version.set("v1");
    redis.pause();
    int before = origin.calls.get();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      responses.add(get("/page/together"));
    }
    for (CompletableFuture<HttpResponse<String>> response : responses) {
      HttpResponse<String> answered = response.get(30, TimeUnit.SECONDS);
      assertAll(
          () -> assertEquals(200, answered.statusCode()),
          () -> assertEquals("v1", answered.body()),
          () -> assertEquals("BYPASS", xCache(answered)));
    }
    int calls = origin.calls.get() - before;
    // Eight requests a few milliseconds apart: all but stragglers behind the first call share it.
    assertTrue(calls < 8, "every request called the origin: " + calls);
  }

  /** The attacker's request is under way with the old version; the victim comes after the write. */
  @Test
  void aRequestArrivingAfterAWriteNeverSharesACallThatBeganBeforeIt() throws Exception {
    origin.version.set("old");
    redis.pause();
    int before = origin.calls.get();
    CompletableFuture<HttpResponse<String>> first = get("/page/written");
    awaitCalls(before + 1);
    origin.version.set("new"); // the write is committed and answered
    HttpResponse<String> after = get("/page/written").get(30, TimeUnit.SECONDS);

    assertAll(
        () -> assertEquals("old", first.get(30, TimeUnit.SECONDS).body()),
        () -> assertEquals("new", after.body(), "served the response of an origin call that began before the write"),
        () -> assertEquals("BYPASS", xCache(after)));
  }

  private static void awaitCalls(int calls) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (origin.calls.get() < calls) {
      assertTrue(System.nanoTime() < deadline, "the origin was not called within 30 s");
      Thread.sleep(5);
    }
  }
}
