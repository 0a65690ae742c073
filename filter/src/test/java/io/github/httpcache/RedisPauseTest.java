package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Redis that stops answering for a moment (a fork, a slow command, a stop-the-world pause)
 * delays the lookups that meet it, within {@code redis.pause-wait}, instead of sending them to
 * the origin: the origin is not handed the load of every pause.
 */
class RedisPauseTest {
  private static RedisFixture redis;
  private static TestServer waiting;
  private static TestServer impatient;
  /** Every answer differs ("call 1", "call 2"...): a hit is its old body and an unchanged call count. */
  private static final OriginServlet origin = new OriginServlet();

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.startProcess();
    // One timeout opens the breaker; its first window is then 2 x 500 ms, within the 2 s wait.
    waiting = TestServer.start(config("waiting:", "redis.pause-wait", "2s"), Map.of("/page/*", origin));
    // The default: the contract bounds what Redis trouble costs a request by redis.timeout.
    impatient = TestServer.start(config("impatient:"), Map.of("/page/*", origin));
  }

  private static Map<String, String> config(String namespace, String... more) {
    Map<String, String> config = new java.util.HashMap<>(TestServer.config(
        "redis.url", redis.url(),
        "redis.timeout", "500ms",
        "redis.breaker.failures", "1",
        "cache.namespace", namespace,
        "route.page.path", "/page/{kind}/{id}",
        "route.page.ttl", "60s"));
    for (int i = 0; i < more.length; i += 2) {
      config.put(more[i], more[i + 1]);
    }
    return config;
  }

  @AfterAll
  static void stop() throws Exception {
    waiting.close();
    impatient.close();
    redis.close();
  }

  @AfterEach
  void thaw() {
    redis.resume();
  }

  /** What the first request (the fill) got, and the request made across the pause. */
  private record Answered(String filled, HttpResponse<String> response) {}

  /** A cached page, requested while Redis is frozen; Redis is thawed once the lookup has timed out. */
  private static Answered requestedAcrossAPause(TestServer server, String path) throws Exception {
    HttpResponse<String> miss = server.get(path);
    assertEquals("MISS", xCache(miss));
    assertEquals("HIT", xCache(server.get(path)));
    redis.pause();
    CompletableFuture<HttpResponse<String>> response = CompletableFuture.supplyAsync(() -> {
      try {
        return server.get(path);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // Past the lookup's 500 ms timeout, well within the breaker's first 1 s window.
    Thread.sleep(700);
    redis.resume();
    return new Answered(miss.body(), response.get(30, TimeUnit.SECONDS));
  }

  private static String xCache(HttpResponse<String> response) {
    return response.headers().firstValue("X-Cache").orElse("");
  }

  @Test
  void aLookupThatMeetsAPauseWaitsForRedisAndIsServedFromTheCache() throws Exception {
    int before = origin.calls.get();
    Answered across = requestedAcrossAPause(waiting, "/page/stream/paused");
    HttpResponse<String> answered = across.response();

    assertAll(
        () -> assertEquals(200, answered.statusCode()),
        () -> assertEquals(across.filled(), answered.body()),
        () -> assertEquals("HIT", xCache(answered)),
        () -> assertEquals(before + 1, origin.calls.get(), "only the first request's miss reached the origin"));
  }

  @Test
  void byDefaultTheSameRequestGoesToTheOriginAfterOneTimeout() throws Exception {
    int before = origin.calls.get();
    HttpResponse<String> answered = requestedAcrossAPause(impatient, "/page/stream/impatient").response();

    assertAll(
        () -> assertEquals(200, answered.statusCode()),
        () -> assertEquals("BYPASS", xCache(answered)),
        () -> assertEquals(before + 2, origin.calls.get()));
  }
}
