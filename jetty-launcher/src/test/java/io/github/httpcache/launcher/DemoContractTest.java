package io.github.httpcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.httpcache.testing.RedisFixture;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every row of the contract's demo endpoint table, against the demo WAR deployed in the
 * launcher's embedded Jetty, over real sockets, with a real Redis.
 */
class DemoContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static RedisFixture redis;
  private static DemoServer demo;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    System.setProperty("REDIS_URL", redis.url());
    demo = DemoServer.start(0);
  }

  @AfterAll
  static void stop() throws Exception {
    demo.close();
    System.clearProperty("REDIS_URL");
    redis.close();
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
  }

  static HttpResponse<String> send(DemoServer server, String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(demo, "GET", path, null);
  }

  private static String xCache(HttpResponse<String> response) {
    return response.headers().firstValue("X-Cache").orElse("(none)");
  }

  private static long pttl(String logicalKey) {
    return Long.parseLong(redis.command("PTTL", "http-cache:" + logicalKey));
  }

  @Test
  void userIsServedFromTheCacheForOneHundredTwentySeconds() throws Exception {
    HttpResponse<String> miss = get("/api/users/1");
    HttpResponse<String> hit = get("/api/users/1");

    assertEquals(200, miss.statusCode());
    assertEquals("MISS", xCache(miss));
    JsonNode user = JSON.readTree(miss.body()).get("user");
    assertEquals(1, user.get("id").asInt());
    assertTrue(user.get("name").isTextual());
    assertEquals("HIT", xCache(hit));
    assertEquals(miss.body(), hit.body());
    assertTrue(hit.headers().firstValue("Content-Type").orElseThrow().toLowerCase().startsWith("application/json"));
    long pttl = pttl("GET:/api/users/1");
    assertTrue(pttl > 115_000 && pttl <= 120_000, "PTTL " + pttl);
  }

  @Test
  void unknownUserIsA404JsonErrorThatIsNotStored() throws Exception {
    HttpResponse<String> first = get("/api/users/404404");
    HttpResponse<String> second = get("/api/users/404404");

    assertEquals(404, first.statusCode());
    assertTrue(JSON.readTree(first.body()).get("error").asText().contains("404404"));
    assertEquals("MISS", xCache(second));
    assertEquals("0", redis.command("EXISTS", "http-cache:GET:/api/users/404404"));
  }

  @Test
  void putChangesTheUserAndTheNextReadIsFresh() throws Exception {
    get("/api/users/2");
    assertEquals("HIT", xCache(get("/api/users/2")));

    HttpResponse<String> put = send(demo, "PUT", "/api/users/2", "{\"name\": \"Renamed B\"}",
        "Content-Type", "application/json");
    HttpResponse<String> after = get("/api/users/2");

    assertEquals(200, put.statusCode());
    assertEquals("User updated", JSON.readTree(put.body()).get("message").asText());
    assertEquals("MISS", xCache(after));
    assertEquals("Renamed B", JSON.readTree(after.body()).get("user").get("name").asText());
  }

  @Test
  void malformedPutIsA400AndInvalidatesNothing() throws Exception {
    get("/api/users/1");

    HttpResponse<String> put = send(demo, "PUT", "/api/users/1", "{not json", "Content-Type", "application/json");

    assertEquals(400, put.statusCode());
    assertTrue(JSON.readTree(put.body()).has("error"));
    assertEquals("HIT", xCache(get("/api/users/1")));
  }

  @Test
  void putToAnUnknownUserIsA404() throws Exception {
    HttpResponse<String> put = send(demo, "PUT", "/api/users/777", "{\"name\": \"x\"}", "Content-Type", "application/json");

    assertEquals(404, put.statusCode());
    assertTrue(JSON.readTree(put.body()).has("error"));
  }

  @ParameterizedTest(name = "GET and PUT {0} are a 404")
  @ValueSource(strings = {"/api/users/01", "/api/users/001", "/api/users/+1", "/api/users/1.0", "/api/users/%201"})
  void anotherSpellingOfAUserIdIsNoUser(String path) throws Exception {
    HttpResponse<String> read = get(path);
    HttpResponse<String> write = send(demo, "PUT", path, "{\"name\": \"Shadow\"}", "Content-Type", "application/json");

    for (HttpResponse<String> response : List.of(read, write)) {
      assertEquals(404, response.statusCode(), response.body());
      assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
      assertTrue(JSON.readTree(response.body()).get("error").asText().endsWith(" not found"), response.body());
    }
  }

  /** {@code /api/users/01} must not hold a copy of user 1 that the PUT, invalidating only {@code /api/users/1}, leaves stale. */
  @Test
  void aPutIsSeenUnderTheOnlySpellingOfItsUser() throws Exception {
    get("/api/users/1");
    get("/api/users/01");

    HttpResponse<String> put = send(demo, "PUT", "/api/users/1", "{\"name\": \"Renamed A\"}",
        "Content-Type", "application/json");
    HttpResponse<String> after = get("/api/users/1");

    assertEquals(200, put.statusCode());
    assertEquals("MISS", xCache(after));
    assertEquals("Renamed A", JSON.readTree(after.body()).get("user").get("name").asText());
    assertEquals(404, get("/api/users/01").statusCode());
  }

  @Test
  void postsAreCachedForNinetySecondsAndNocacheBypasses() throws Exception {
    HttpResponse<String> miss = get("/api/posts/");
    HttpResponse<String> hit = get("/api/posts/");
    HttpResponse<String> bypass = get("/api/posts/?nocache=true");

    assertEquals("MISS", xCache(miss));
    assertTrue(JSON.readTree(miss.body()).get("posts").isArray());
    assertEquals("HIT", xCache(hit));
    assertEquals("BYPASS", xCache(bypass));
    assertEquals(miss.body(), bypass.body());
    long pttl = pttl("GET:/api/posts/");
    assertTrue(pttl > 85_000 && pttl <= 90_000, "PTTL " + pttl);
  }

  @Test
  void postAddsAPostAndTheNextListIsFresh() throws Exception {
    int before = JSON.readTree(get("/api/posts/").body()).get("posts").size();

    HttpResponse<String> post = send(demo, "POST", "/api/posts/", "{\"title\": \"Fresh post\"}",
        "Content-Type", "application/json");
    HttpResponse<String> after = get("/api/posts/");

    assertTrue(post.statusCode() == 201 || post.statusCode() == 200, "status " + post.statusCode());
    assertEquals("Post created", JSON.readTree(post.body()).get("message").asText());
    assertEquals("MISS", xCache(after));
    JsonNode posts = JSON.readTree(after.body()).get("posts");
    assertEquals(before + 1, posts.size());
    assertEquals("Fresh post", posts.get(posts.size() - 1).asText());
  }

  @Test
  void malformedPostIsA400() throws Exception {
    HttpResponse<String> post = send(demo, "POST", "/api/posts/", "[1, 2]", "Content-Type", "application/json");

    assertEquals(400, post.statusCode());
    assertTrue(JSON.readTree(post.body()).has("error"));
  }

  @Test
  void queryParameterOrderSharesOneEntry() throws Exception {
    get("/api/posts/?b=2&a=1");

    assertEquals("HIT", xCache(get("/api/posts/?a=1&b=2")));
    assertEquals("1", redis.command("EXISTS", "http-cache:GET:/api/posts/?a=1&b=2"));
  }

  @Test
  void headIsAnsweredFromTheGetEntry() throws Exception {
    HttpResponse<String> miss = get("/api/users/1");
    HttpResponse<String> head = send(demo, "HEAD", "/api/users/1", null);

    assertEquals("HIT", xCache(head));
    assertEquals(Integer.toString(miss.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
        head.headers().firstValue("Content-Length").orElseThrow());
  }

  @Test
  void adminDeleteRemovesAnEntryByItsRawLogicalKey() throws Exception {
    get("/api/posts/");

    HttpResponse<String> deleted = send(demo, "DELETE", "/api/invalidate/GET:/api/posts/", null);
    HttpResponse<String> absent = send(demo, "DELETE", "/api/invalidate/GET:/api/posts/", null);

    assertEquals(200, deleted.statusCode());
    assertEquals("Cache key deleted", JSON.readTree(deleted.body()).get("message").asText());
    assertEquals(404, absent.statusCode());
    assertTrue(JSON.readTree(absent.body()).has("message"));
    assertEquals("MISS", xCache(get("/api/posts/")));
  }

  @Test
  void adminDeleteRequiresTheBearerTokenWhenOneIsConfigured() throws Exception {
    System.setProperty("CACHE_ADMIN_TOKEN", "contract-token");
    try (DemoServer guarded = DemoServer.start(0)) {
      send(guarded, "GET", "/api/users/1", null);

      HttpResponse<String> without = send(guarded, "DELETE", "/api/invalidate/GET:/api/users/1", null);
      HttpResponse<String> with = send(guarded, "DELETE", "/api/invalidate/GET:/api/users/1", null,
          "Authorization", "Bearer contract-token");

      assertEquals(401, without.statusCode());
      assertTrue(JSON.readTree(without.body()).has("message"));
      assertEquals(200, with.statusCode());
    } finally {
      System.clearProperty("CACHE_ADMIN_TOKEN");
    }
  }

  @Test
  void metricsJsonCountsHitsMissesTopKeysAndStoredKeys() throws Exception {
    JsonNode before = JSON.readTree(get("/metrics/cache").body());
    get("/api/users/1");
    get("/api/users/1");
    get("/api/users/1");
    get("/api/posts/");
    JsonNode after = JSON.readTree(get("/metrics/cache").body());

    assertEquals(before.get("hits").asLong() + 2, after.get("hits").asLong());
    assertEquals(before.get("misses").asLong() + 2, after.get("misses").asLong());
    assertEquals(2, after.get("total_cached_keys").asLong());
    JsonNode top = after.get("top_keys");
    assertTrue(top.isArray() && top.get(0).isArray() && top.get(0).size() == 2);
    assertTrue(top.toString().contains("\"GET:/api/users/1\""), top.toString());
  }

  @Test
  void metricsJsonIsNeverCached() throws Exception {
    get("/metrics/cache");
    HttpResponse<String> again = get("/metrics/cache");

    assertTrue(again.headers().firstValue("X-Cache").isEmpty());
    assertEquals(0, redis.entryCount("http-cache:"));
  }

  @Test
  void prometheusScrapeShowsTheSameCounters() throws Exception {
    get("/api/users/1");
    get("/api/users/1");
    long hits = JSON.readTree(get("/metrics/cache").body()).get("hits").asLong();

    String scrape = get("/metrics").body();

    assertTrue(scrape.lines().anyMatch(l -> l.matches("httpcache_hits(_total)? " + hits + "(\\.0)?")), scrape);
    assertTrue(scrape.contains("# TYPE httpcache_misses"), scrape);
    assertTrue(scrape.contains("httpcache_route_hits_total{route=\"user\"}"), scrape);
    assertTrue(scrape.contains("httpcache_route_hits_total{route=\"posts\"}"), scrape);
  }
}
