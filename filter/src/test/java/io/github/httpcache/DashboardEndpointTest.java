package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.httpcache.servlet.AdminServlet;
import io.github.httpcache.testing.RedisFixture;
import jakarta.servlet.http.HttpServlet;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin dashboard's page and JSON through real Jetty and Redis: the token guard and the figures. */
class DashboardEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RedisFixture redis;
  private static TestServer guarded;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    guarded = TestServer.start(config("dashboard-guarded:", "admin.token", "s3cret"), servlets());
  }

  @AfterAll
  static void stop() throws Exception {
    guarded.close();
    redis.close();
  }

  private static Map<String, String> config(String namespace, String... extra) {
    Map<String, String> config = TestServer.config(
        "redis.url", redis.url(),
        "cache.namespace", namespace,
        "route.origin.path", "/origin/{behaviour}",
        "route.origin.ttl", "60s",
        "route.idle.path", "/idle/{id}",
        "route.idle.ttl", "60s");
    for (int i = 0; i < extra.length; i += 2) {
      config.put(extra[i], extra[i + 1]);
    }
    return config;
  }

  private static Map<String, HttpServlet> servlets() {
    return Map.of("/origin/*", new OriginServlet(), "/api/invalidate/*", new AdminServlet());
  }

  @Test
  void pageIsServedWithoutTheTokenAndCannotBeFramedOrCached() throws Exception {
    HttpResponse<String> page = guarded.get("/api/invalidate/dashboard");

    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
    String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"), policy);
  }

  @Test
  void contentSecurityPolicyAllowsExactlyTheInlineScriptAndStyle() throws Exception {
    HttpResponse<String> page = guarded.get("/api/invalidate/dashboard");
    String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();

    assertTrue(policy.contains("script-src '" + sha256(inner(page.body(), "script")) + "'"), policy);
    assertTrue(policy.contains("style-src '" + sha256(inner(page.body(), "style")) + "'"), policy);
  }

  @Test
  void figuresRequireTheConfiguredToken() throws Exception {
    HttpResponse<String> missing = guarded.get("/api/invalidate/dashboard.json");
    HttpResponse<String> wrong = guarded.get("/api/invalidate/dashboard.json", "Authorization", "Bearer guess");
    HttpResponse<String> right = guarded.get("/api/invalidate/dashboard.json", "Authorization", "Bearer s3cret");

    assertEquals(401, missing.statusCode());
    assertFalse(missing.body().contains("routes"), missing.body());
    assertEquals(401, wrong.statusCode());
    assertEquals(200, right.statusCode());
    assertEquals("no-store", right.headers().firstValue("Cache-Control").orElseThrow());
  }

  @Test
  void figuresAnswerLoopbackClientsWhenNoTokenIsConfigured() throws Exception {
    try (TestServer open = TestServer.start(config("dashboard-open:"), servlets())) {
      assertEquals(200, open.get("/api/invalidate/dashboard.json").statusCode());
    }
  }

  @Test
  void figuresCountPerRouteAndShowTheBusiestKey() throws Exception {
    try (TestServer fresh = TestServer.start(config("dashboard-figures:"), servlets())) {
      fresh.get("/origin/stream");
      fresh.get("/origin/stream");
      fresh.get("/origin/stream");

      JsonNode figures = JSON.readTree(fresh.get("/api/invalidate/dashboard.json").body());

      JsonNode origin = figures.get("routes").get(1);
      assertEquals("origin", origin.get("route").asText());
      assertEquals(2, origin.get("hits").asLong());
      assertEquals(1, origin.get("misses").asLong());
      assertEquals(1, origin.get("stores").asLong());
      assertEquals("call 1".length(), origin.get("stored_bytes").asLong());
      assertEquals(2.0 / 3, origin.get("hit_ratio").asDouble(), 1e-9);
      assertTrue(figures.get("routes").get(0).get("hit_ratio").isNull(), "idle route: no lookups, no ratio");
      assertEquals("GET:/origin/stream", figures.get("top_keys").get(0).get("key").asText());
      assertEquals(3, figures.get("top_keys").get(0).get("count").asLong());
      assertEquals(1, figures.get("entries").asLong());
    }
  }

  @Test
  void hitRatioHistoryCoversTrafficBeforeTheFirstTick() throws Exception {
    try (TestServer fresh = TestServer.start(config("dashboard-history:"), servlets())) {
      fresh.get("/origin/stream");
      fresh.get("/origin/stream");

      JsonNode figures = JSON.readTree(fresh.get("/api/invalidate/dashboard.json").body());

      // Whether or not a 10 s tick fell between the requests, the points add up to all of them.
      long hits = 0;
      long misses = 0;
      for (JsonNode point : figures.get("history")) {
        hits += point.get("hits").asLong();
        misses += point.get("misses").asLong();
      }
      assertEquals(1, hits);
      assertEquals(1, misses);
      assertEquals(0.5, figures.get("hit_ratio").asDouble(), 1e-9);
      assertEquals(10, figures.get("history_interval_seconds").asLong());
      assertEquals(900, figures.get("history_window_seconds").asLong());
    }
  }

  private static String inner(String html, String tag) {
    return html.substring(html.indexOf("<" + tag + ">") + tag.length() + 2, html.indexOf("</" + tag + ">"));
  }

  private static String sha256(String code) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
    return "sha256-" + Base64.getEncoder().encodeToString(digest);
  }
}
