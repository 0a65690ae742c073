package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter in a real Jetty against a real Redis: what is stored, what is served, and how. */
class HttpCacheFilterTest {
  private static RedisFixture redis;
  private static TestServer server;
  private static final OriginServlet origin = new OriginServlet();
  private static final ItemsServlet items = new ItemsServlet();

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    server = TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "cache.max-body-size", "64KiB",
            "route.origin.path", "/origin/{behaviour}",
            "route.origin.ttl", "60s",
            "route.origin-arg.path", "/origin/{behaviour}/{argument}",
            "route.origin-arg.ttl", "60s",
            "route.item.path", "/items/{id}",
            "route.item.ttl", "120s",
            "invalidate.item-put.method", "PUT",
            "invalidate.item-put.path", "/items/{id}",
            "invalidate.item-put.keys", "GET:/items/{id}"),
        Map.of("/origin/*", origin, "/items/*", items, "/uncached/*", new OriginServlet()));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    redis.close();
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
    origin.calls.set(0);
  }

  @Test
  void secondGetIsAHitWithTheFirstBodyAndNoOriginCall() throws Exception {
    HttpResponse<String> first = server.get("/origin/writer");
    HttpResponse<String> second = server.get("/origin/writer");

    assertEquals("MISS", first.headers().firstValue("X-Cache").orElseThrow());
    assertEquals("HIT", second.headers().firstValue("X-Cache").orElseThrow());
    assertEquals(first.body(), second.body());
    assertEquals(1, origin.calls.get());
  }

  @Test
  void hitReplaysStoredHeadersAndAddsAge() throws Exception {
    HttpResponse<String> miss = server.get("/origin/stream");
    HttpResponse<String> hit = server.get("/origin/stream");

    assertEquals("1", hit.headers().firstValue("X-Origin-Call").orElseThrow());
    assertEquals(miss.headers().firstValue("Content-Type"), hit.headers().firstValue("Content-Type"));
    assertTrue(Long.parseLong(hit.headers().firstValue("Age").orElseThrow()) >= 0);
    assertEquals(miss.headers().allValues("Server"), hit.headers().allValues("Server"));
    assertEquals("call 1", hit.body());
  }

  @Test
  void writerOutputKeepsItsCharacterEncodingThroughTheCache() throws Exception {
    assertEquals("call 1 ünïcödé", server.get("/origin/writer").body());
    assertEquals("call 1 ünïcödé", server.get("/origin/writer").body());
  }

  @Test
  void queryParameterOrderDoesNotChangeTheEntry() throws Exception {
    server.get("/origin/writer?b=2&a=1");
    HttpResponse<String> reordered = server.get("/origin/writer?a=1&b=2");

    assertEquals("HIT", reordered.headers().firstValue("X-Cache").orElseThrow());
    assertEquals("1", redis.command("EXISTS", "http-cache:GET:/origin/writer?a=1&b=2"));
  }

  @Test
  void nocacheNeitherReadsNorWritesTheCache() throws Exception {
    server.get("/origin/writer");
    HttpResponse<String> bypass = server.get("/origin/writer?nocache=true");
    assertEquals("BYPASS", bypass.headers().firstValue("X-Cache").orElseThrow());
    assertEquals("call 2 ünïcödé", bypass.body());

    redis.flushAll();
    server.get("/origin/writer?nocache=true");
    assertEquals("MISS", server.get("/origin/writer").headers().firstValue("X-Cache").orElseThrow());
  }

  @Test
  void nonOkStatusIsNeverStored() throws Exception {
    server.get("/origin/status/404");
    HttpResponse<String> again = server.get("/origin/status/404");

    assertEquals(404, again.statusCode());
    assertEquals("MISS", again.headers().firstValue("X-Cache").orElseThrow());
    assertEquals(2, origin.calls.get());
  }

  @Test
  void sendErrorReachesTheClientAndIsNotStored() throws Exception {
    HttpResponse<String> first = server.get("/origin/send-error/503");
    HttpResponse<String> second = server.get("/origin/send-error/503");

    assertEquals(503, first.statusCode());
    assertEquals(503, second.statusCode());
    assertEquals(2, origin.calls.get());
    assertEquals(0, redis.entryCount("http-cache:"));
  }

  @Test
  void redirectReachesTheClientAndIsNotStored() throws Exception {
    HttpResponse<String> redirect = server.get("/origin/redirect");

    assertEquals(302, redirect.statusCode());
    assertTrue(redirect.headers().firstValue("Location").orElseThrow().endsWith("/elsewhere"));
    assertEquals(0, redis.entryCount("http-cache:"));
  }

  @Test
  void responseWithSetCookieIsNotStored() throws Exception {
    server.get("/origin/cookie");
    HttpResponse<String> again = server.get("/origin/cookie");

    assertEquals("session=2", again.headers().firstValue("Set-Cookie").orElseThrow());
    assertEquals(2, origin.calls.get());
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-store", "private", "private,%20max-age=60", "max-age=60,%20NO-STORE"})
  void responseThatForbidsSharedStorageIsNotStored(String cacheControl) throws Exception {
    server.get("/origin/cache-control?value=" + cacheControl);
    server.get("/origin/cache-control?value=" + cacheControl);

    assertEquals(2, origin.calls.get());
    assertEquals(0, redis.entryCount("http-cache:"));
  }

  @Test
  void requestWithAuthorizationBypassesTheCache() throws Exception {
    server.get("/origin/writer");
    HttpResponse<String> authorized = server.get("/origin/writer", "Authorization", "Bearer someone");

    assertEquals("BYPASS", authorized.headers().firstValue("X-Cache").orElseThrow());
    assertEquals(2, origin.calls.get());
  }

  @Test
  void headIsAnsweredFromTheGetEntryWithoutABody() throws Exception {
    server.get("/origin/stream");
    HttpResponse<String> head = server.send("HEAD", "/origin/stream", null);

    assertEquals("HIT", head.headers().firstValue("X-Cache").orElseThrow());
    assertEquals("6", head.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("", head.body());
    assertEquals(1, origin.calls.get());
  }

  @Test
  void headMissDoesNotFillTheCache() throws Exception {
    HttpResponse<String> head = server.send("HEAD", "/origin/stream", null);

    assertEquals("MISS", head.headers().firstValue("X-Cache").orElseThrow());
    assertEquals(0, redis.entryCount("http-cache:"));
  }

  @Test
  void earlyFlushDeliversTheWholeBodyOnceAndStillStoresIt() throws Exception {
    HttpResponse<String> first = server.get("/origin/flush-early");
    HttpResponse<String> second = server.get("/origin/flush-early");

    assertEquals("call 1 part one; part two", first.body());
    assertEquals("MISS", first.headers().firstValue("X-Cache").orElseThrow());
    assertEquals("call 1 part one; part two", second.body());
    assertEquals("HIT", second.headers().firstValue("X-Cache").orElseThrow());
  }

  @Test
  void resetDiscardsEarlierHeadersAndBody() throws Exception {
    HttpResponse<String> reset = server.get("/origin/reset");

    assertEquals("call 1", reset.body());
    assertFalse(reset.headers().firstValue("X-Dropped").isPresent());
    assertEquals("MISS", reset.headers().firstValue("X-Cache").orElseThrow());
    assertEquals("call 1", server.get("/origin/reset").body());
  }

  @Test
  void resetBufferDiscardsEarlierBodyOnly() throws Exception {
    assertEquals("call 1", server.get("/origin/reset-buffer").body());
    assertEquals("call 1", server.get("/origin/reset-buffer").body());
  }

  @Test
  void contentLengthSetByTheServletIsKept() throws Exception {
    HttpResponse<String> first = server.get("/origin/content-length");
    HttpResponse<String> hit = server.get("/origin/content-length");

    assertEquals("6", first.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("6", hit.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("call 1", hit.body());
  }

  @Test
  void bodyOverTheLimitStreamsThroughWholeAndIsNotStored() throws Exception {
    int size = 200_000;
    HttpResponse<String> first = server.get("/origin/big/" + size);
    HttpResponse<String> second = server.get("/origin/big/" + size);

    assertEquals(size, first.body().length());
    assertTrue(first.body().chars().allMatch(c -> c == 'b'));
    assertEquals(size, second.body().length());
    assertEquals("MISS", second.headers().firstValue("X-Cache").orElseThrow());
    assertEquals(0, redis.entryCount("http-cache:"));
  }

  @Test
  void bodyJustUnderTheLimitIsStored() throws Exception {
    server.get("/origin/big/" + 64 * 1024);
    assertEquals("HIT", server.get("/origin/big/" + 64 * 1024).headers().firstValue("X-Cache").orElseThrow());
  }

  @Test
  void writerAfterOutputStreamIsRefusedAsTheServletSpecSays() throws Exception {
    assertEquals("call 1 refused", server.get("/origin/both-channels").body());
  }

  @Test
  void entryExpiresAfterTheRouteTtl() throws Exception {
    server.get("/items/none");
    items.items.put("ttl", "value");
    server.get("/items/ttl");

    long pttl = Long.parseLong(redis.command("PTTL", "http-cache:GET:/items/ttl"));
    assertTrue(pttl > 115_000 && pttl <= 120_000, "PTTL was " + pttl);
  }

  @Test
  void successfulPutInvalidatesSoTheWritersNextReadIsFresh() throws Exception {
    items.items.put("1", "old");
    assertEquals("old", server.get("/items/1").body());
    assertEquals("HIT", server.get("/items/1").headers().firstValue("X-Cache").orElseThrow());

    assertEquals(200, server.send("PUT", "/items/1", "new").statusCode());
    HttpResponse<String> after = server.get("/items/1");

    assertEquals("new", after.body());
    assertEquals("MISS", after.headers().firstValue("X-Cache").orElseThrow());
  }

  @Test
  void failedPutInvalidatesNothing() throws Exception {
    items.items.put("2", "kept");
    server.get("/items/2");

    assertEquals(400, server.send("PUT", "/items/2", "fail").statusCode());
    assertEquals("HIT", server.get("/items/2").headers().firstValue("X-Cache").orElseThrow());
  }

  @Test
  void unreadableEntryIsAMissAndIsOverwritten() throws Exception {
    redis.command("SET", "http-cache:GET:/origin/stream", "not an entry");

    HttpResponse<String> miss = server.get("/origin/stream");
    HttpResponse<String> hit = server.get("/origin/stream");

    assertEquals(200, miss.statusCode());
    assertEquals("MISS", miss.headers().firstValue("X-Cache").orElseThrow());
    assertEquals("HIT", hit.headers().firstValue("X-Cache").orElseThrow());
    assertEquals("call 1", hit.body());
  }

  @Test
  void unroutedPathsPassThroughWithoutCacheHeaders() throws Exception {
    HttpResponse<String> response = server.get("/uncached/writer");

    assertFalse(response.headers().firstValue("X-Cache").isPresent());
    assertEquals(0, redis.entryCount("http-cache:"));
  }

  @Test
  void dotSegmentsAndPathParametersCannotAliasAnotherKey() throws Exception {
    server.get("/origin/stream");

    HttpResponse<String> dotted = server.get("/origin/elsewhere/../stream");
    HttpResponse<String> parameter = server.get("/origin/stream;jsessionid=abc");

    assertEquals("call 1", dotted.body());
    assertEquals("HIT", dotted.headers().firstValue("X-Cache").orElseThrow());
    assertEquals("call 1", parameter.body());
    assertEquals(1, redis.entryCount("http-cache:"));
  }

  @Test
  void encodedQuestionMarkInThePathCannotAliasAQueryKey() throws Exception {
    HttpResponse<String> encoded = server.get("/origin/stream%3Fa=1");
    HttpResponse<String> query = server.get("/origin/stream?a=1");

    assertEquals(200, encoded.statusCode());
    assertEquals("MISS", query.headers().firstValue("X-Cache").orElseThrow());
    assertEquals("1", redis.command("EXISTS", "http-cache:GET:/origin/stream%3Fa=1"));
  }
}
