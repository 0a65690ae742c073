package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.ScriptedOrigin.Reply;
import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opt-in heuristic freshness (RFC 9111 §4.2.2) through Jetty and Redis: with
 * {@code cache.heuristic-freshness = 10%} and {@code cache.heuristic-max = 1h}, a response with
 * {@code Last-Modified} and no explicit freshness is reused for a tenth of its age, capped, and only
 * for heuristically cacheable statuses. {@code Rfc9111Conformance} proves it is off by default.
 */
class HeuristicFreshnessTest {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final ScriptedOrigin origin = new ScriptedOrigin();
  private static RedisFixture redis;
  private static TestServer cache;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    cache = TestServer.start(TestServer.config("redis.url", redis.url(), "cache.freshness", "origin",
        "route.all.path", "/**", "cache.heuristic-freshness", "10%", "cache.heuristic-max", "1h"),
        Map.of("/*", origin));
  }

  @AfterAll
  static void stop() {
    cache.close();
    redis.close();
  }

  @BeforeEach
  void reset() {
    origin.reset();
    redis.flushAll();
  }

  private static void serve(String path, int status, String... headers) {
    origin.respond(path, (request, call) -> Reply.of(status, status == 204 ? "" : "body #" + call, headers));
  }

  private static String modifiedAgo(Duration ago) {
    return IMF_FIXDATE.format(Instant.now().minus(ago));
  }

  /** Redis's remaining TTL of the entry at {@code path}, in seconds. */
  private static long ttlSeconds(String path) {
    return Long.parseLong(redis.command("TTL", "http-cache:GET:" + path).trim());
  }

  @ParameterizedTest(name = "status {0}")
  @ValueSource(ints = {200, 203, 204, 404, 405, 410, 414, 501})
  void aHeuristicallyCacheableResponseWithLastModifiedIsReused(int status) throws Exception {
    String path = "/h/" + status;
    serve(path, status, "Last-Modified", modifiedAgo(Duration.ofDays(1)));

    HttpResponse<String> first = cache.get(path);
    HttpResponse<String> second = cache.get(path);

    assertEquals(1, origin.calls(path), "RFC 9111 §4.2.2: fresh for 10% of a day (capped at 1h)");
    assertEquals(first.body(), second.body());
    assertEquals("HIT", second.headers().firstValue("X-Cache").orElseThrow());
  }

  @Test
  void theLifetimeIsATenthOfTheTimeSinceLastModifiedCapped() throws Exception {
    serve("/h/short", 200, "Last-Modified", modifiedAgo(Duration.ofMinutes(100)));
    serve("/h/capped", 200, "Last-Modified", modifiedAgo(Duration.ofDays(365)));

    cache.get("/h/short");
    cache.get("/h/capped");

    // Redis keeps a heuristic entry for its lifetime plus the revalidation window (1 h by default).
    long shortTtl = ttlSeconds("/h/short") - 3600;
    long cappedTtl = ttlSeconds("/h/capped") - 3600;
    assertTrue(shortTtl > 540 && shortTtl <= 600, "10% of 100 minutes: " + shortTtl + " s");
    assertTrue(cappedTtl > 3540 && cappedTtl <= 3600, "capped at cache.heuristic-max = 1h: " + cappedTtl + " s");
  }

  @Test
  void aStatusThatIsNotHeuristicallyCacheableIsNotReused() throws Exception {
    serve("/h/302", 302, "Last-Modified", modifiedAgo(Duration.ofDays(1)), "Location", "/elsewhere");

    cache.get("/h/302");
    cache.get("/h/302");

    assertEquals(2, origin.calls("/h/302"), "RFC 9110 §15.1: a 302 is not heuristically cacheable");
  }

  @Test
  void withoutLastModifiedThereIsNothingToGuessFrom() throws Exception {
    serve("/h/no-lm", 200, "Content-Type", "text/plain");

    cache.get("/h/no-lm");
    cache.get("/h/no-lm");

    assertEquals(2, origin.calls("/h/no-lm"));
  }

  @Test
  void explicitFreshnessWinsOverTheHeuristic() throws Exception {
    serve("/h/max-age-0", 200, "Cache-Control", "max-age=0", "Last-Modified", modifiedAgo(Duration.ofDays(1)));

    cache.get("/h/max-age-0");
    HttpResponse<String> second = cache.get("/h/max-age-0");

    assertTrue(second.headers().firstValue("Cache-Status").orElse("").contains("fwd=stale"),
        "max-age=0 is explicit: stale at once, revalidated, whatever the heuristic would say");
  }
}
