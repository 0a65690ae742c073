package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.testing.RedisFixture;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrent misses of one cold key make one origin call; the others are served its result. */
class CoalescingTest {
  private static final int CONCURRENT = 40;
  private static final SlowOrigin origin = new SlowOrigin();
  private static RedisFixture redis;
  private static TestServer server;

  /** Takes 300 ms per call, so concurrent requests overlap; {@code /fail} answers 500. */
  static final class SlowOrigin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicInteger calls = new AtomicInteger();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      int call = calls.incrementAndGet();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      response.setStatus(request.getPathInfo().startsWith("/fail") ? 500 : 200);
      response.setContentType("text/plain");
      response.getWriter().write("call " + call);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    server = TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "route.slow.path", "/slow/{name}",
            "route.slow.ttl", "60s"),
        Map.of("/slow/*", origin));
  }

  @AfterAll
  static void stop() {
    server.close();
    redis.close();
  }

  @BeforeEach
  void reset() {
    redis.flushAll();
    origin.calls.set(0);
  }

  private static List<HttpResponse<String>> concurrently(String path) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < CONCURRENT; i++) {
      pending.add(clients.submit(() -> {
        go.await();
        return server.get(path);
      }));
    }
    go.countDown();
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (Future<HttpResponse<String>> response : pending) {
      responses.add(response.get());
    }
    clients.shutdown();
    return responses;
  }

  @Test
  void concurrentMissesOfAColdKeyMakeOneOriginCall() throws Exception {
    List<HttpResponse<String>> responses = concurrently("/slow/cold");

    long misses = responses.stream().filter(r -> r.headers().firstValue("X-Cache").orElse("").equals("MISS")).count();
    long coalesced = responses.stream()
        .filter(r -> r.headers().firstValue("Cache-Status").orElse("").endsWith("detail=coalesced")).count();
    assertEquals(1, origin.calls.get());
    assertEquals(1, misses);
    assertEquals(CONCURRENT - 1, coalesced);
    assertEquals(CONCURRENT, responses.stream().filter(r -> r.body().equals("call 1")).count());
  }

  @Test
  void responsesThatCannotBeSharedAreNotHandedToWaitingRequests() throws Exception {
    List<HttpResponse<String>> responses = concurrently("/slow/fail");

    assertEquals(CONCURRENT, responses.stream().filter(r -> r.statusCode() == 500).count());
    assertEquals(0, responses.stream().filter(r -> r.headers().firstValue("X-Cache").orElse("").equals("HIT")).count());
  }
}
