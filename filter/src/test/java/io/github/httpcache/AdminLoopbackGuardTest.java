package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.httpcache.servlet.AdminServlet;
import io.github.httpcache.testing.RedisFixture;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With no admin token, the admin routes answer local operators only: each way around the
 * loopback check (a forwarding header from a local proxy, a rebinding {@code Host} from the
 * operator's browser) is refused with 403 and leaves the entry in place.
 */
class AdminLoopbackGuardTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PURGE = "/api/invalidate/GET:/origin/writer";

  private static RedisFixture redis;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    server = TestServer.start(TestServer.config(
        "redis.url", redis.url(),
        "cache.namespace", "loopback:",
        "route.origin.path", "/origin/{behaviour}",
        "route.origin.ttl", "60s"), Map.of("/origin/*", new OriginServlet(), "/api/invalidate/*", new AdminServlet()));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    redis.close();
  }

  @BeforeEach
  void cacheOneEntry() throws Exception {
    redis.flushAll();
    server.get("/origin/writer");
    assertEquals("HIT", xCache());
  }

  private static String xCache() throws Exception {
    return server.get("/origin/writer").headers().firstValue("X-Cache").orElseThrow();
  }

  private static void assertRefusedAndKept(int status, String body) throws Exception {
    assertEquals(403, status, body);
    assertTrue(JSON.readTree(body).get("message").asText().contains("local operators"), body);
    assertEquals("HIT", xCache(), "a refused purge must not delete the entry");
  }

  @Test
  void plainLoopbackPurgeIsAnswered() throws Exception {
    HttpResponse<String> purge = server.send("DELETE", PURGE, null);

    assertEquals(200, purge.statusCode(), purge.body());
    assertEquals("MISS", xCache());
  }

  @Test
  void plainLoopbackPurgeWithLocalhostHostIsAnswered() throws Exception {
    RawExchange.Response purge = raw("DELETE", PURGE, "localhost:" + server.uri("/").getPort());

    assertEquals(200, purge.status(), purge.body());
    assertEquals("MISS", xCache());
  }

  @Test
  void purgeWithXForwardedForIsRefused() throws Exception {
    HttpResponse<String> purge = server.send("DELETE", PURGE, null, "X-Forwarded-For", "203.0.113.9");

    assertRefusedAndKept(purge.statusCode(), purge.body());
  }

  @Test
  void purgeWithXForwardedHostIsRefused() throws Exception {
    HttpResponse<String> purge = server.send("DELETE", PURGE, null, "X-Forwarded-Host", "cache.example");

    assertRefusedAndKept(purge.statusCode(), purge.body());
  }

  @Test
  void purgeWithForwardedIsRefused() throws Exception {
    HttpResponse<String> purge = server.send("DELETE", PURGE, null, "Forwarded", "for=203.0.113.9;proto=https");

    assertRefusedAndKept(purge.statusCode(), purge.body());
  }

  @Test
  void purgeWithXRealIpIsRefused() throws Exception {
    HttpResponse<String> purge = server.send("DELETE", PURGE, null, "x-real-ip", "203.0.113.9");

    assertRefusedAndKept(purge.statusCode(), purge.body());
  }

  @Test
  void purgeOfEverythingWithAForwardingHeaderIsRefused() throws Exception {
    HttpResponse<String> purge = server.send("DELETE", "/api/invalidate?all=true", null, "X-Forwarded-Proto", "https");

    assertRefusedAndKept(purge.statusCode(), purge.body());
  }

  @Test
  void purgeForAForeignHostIsRefused() throws Exception {
    RawExchange.Response purge = raw("DELETE", PURGE, "evil.example");

    assertRefusedAndKept(purge.status(), purge.body());
  }

  @Test
  void dashboardJsonForAForeignHostIsRefused() throws Exception {
    RawExchange.Response data = raw("GET", "/api/invalidate/dashboard.json", "evil.example:" + server.uri("/").getPort());

    assertEquals(403, data.status(), data.body());
    assertFalse(data.body().contains("GET:/origin/writer"), data.body());
    assertTrue(JSON.readTree(data.body()).has("message"), data.body());
  }

  @Test
  void dashboardPageForAForeignHostIsRefused() throws Exception {
    RawExchange.Response page = raw("GET", "/api/invalidate/dashboard", "evil.example");

    assertEquals(403, page.status(), page.body());
    assertTrue(JSON.readTree(page.body()).has("message"), page.body());
  }

  @Test
  void dashboardPageWithAForwardingHeaderIsRefused() throws Exception {
    HttpResponse<String> page = server.get("/api/invalidate/dashboard", "X-Forwarded-For", "203.0.113.9");

    assertEquals(403, page.statusCode(), page.body());
  }

  @Test
  void dashboardPageAndJsonAreServedToALocalOperator() throws Exception {
    RawExchange.Response page = raw("GET", "/api/invalidate/dashboard", "localhost");
    HttpResponse<String> data = server.get("/api/invalidate/dashboard.json");

    assertEquals(200, page.status(), page.body());
    assertEquals(200, data.statusCode(), data.body());
  }

  private static RawExchange.Response raw(String method, String path, String host) throws IOException {
    return RawExchange.send(server.uri("/").getPort(), method, path, null, "Host: " + host);
  }
}
