package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.httpcache.ScriptedOrigin.Reply;
import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 9213 targeted fields through real Jetty and Redis, beyond what {@link Rfc9111Conformance}
 * mirrors of the cache-tests suite: a configured target list and forwarding, route freshness, and
 * a 304 that brings a new targeted field.
 */
class TargetedFieldsTest {
  private static final ScriptedOrigin origin = new ScriptedOrigin();
  private static RedisFixture redis;
  /** Defaults: CDN-Cache-Control, hidden from clients. */
  private static TestServer hiding;
  /** {@code cache.targeted-fields = My-Cache-Control, CDN-Cache-Control}, forwarded to clients. */
  private static TestServer forwarding;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    hiding = TestServer.start(TestServer.config("redis.url", redis.url(), "cache.namespace", "hiding:",
        "cache.freshness", "origin", "route.all.path", "/**",
        "route.legacy.path", "/legacy/{name}", "route.legacy.freshness", "route", "route.legacy.ttl", "60s",
        "route.legacy.inputs", "off"), Map.of("/*", origin));
    forwarding = TestServer.start(TestServer.config("redis.url", redis.url(), "cache.namespace", "forwarding:",
        "cache.freshness", "origin", "route.all.path", "/**",
        "cache.targeted-fields", "My-Cache-Control, CDN-Cache-Control", "cache.forward-targeted-fields", "true"),
        Map.of("/*", origin));
  }

  @AfterAll
  static void stop() {
    hiding.close();
    forwarding.close();
    redis.close();
  }

  @BeforeEach
  void reset() {
    origin.reset();
    redis.flushAll();
  }

  private static void serve(String path, String... headers) {
    origin.respond(path, (request, call) -> Reply.of(200, "body #" + call, headers));
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void theFirstListedFieldWinsAndClientsSeeThemWhenForwarded() throws Exception {
    serve("/first-wins", "Cache-Control", "no-store", "My-Cache-Control", "max-age=3600",
        "CDN-Cache-Control", "no-store");

    HttpResponse<String> miss = forwarding.get("/first-wins");
    HttpResponse<String> hit = forwarding.get("/first-wins");

    assertEquals(1, origin.calls("/first-wins"), "My-Cache-Control: max-age=3600 comes first in the target list");
    assertEquals("HIT", header(hit, "X-Cache"));
    for (HttpResponse<String> response : java.util.List.of(miss, hit)) {
      assertEquals("max-age=3600", header(response, "My-Cache-Control"), "cache.forward-targeted-fields = true");
      assertEquals("no-store", header(response, "CDN-Cache-Control"));
    }
  }

  @Test
  void anInvalidFirstFieldGivesWayToTheNext() throws Exception {
    serve("/next", "Cache-Control", "max-age=3600", "My-Cache-Control", "max-age=3600 junk",
        "CDN-Cache-Control", "private");

    forwarding.get("/next");
    forwarding.get("/next");

    assertEquals(2, origin.calls("/next"), "RFC 9213 §2.2: the first field with a valid value (CDN-Cache-Control:"
        + " private) decides");
  }

  @Test
  void aFieldOffTheListIsPassedThroughAndChangesNothing() throws Exception {
    serve("/other", "Cache-Control", "max-age=3600", "Surrogate-Control", "no-store");

    HttpResponse<String> miss = hiding.get("/other");
    HttpResponse<String> hit = hiding.get("/other");

    assertEquals("HIT", header(hit, "X-Cache"), "RFC 9213 §2.2: fields not on the target list change nothing");
    assertEquals("no-store", header(miss, "Surrogate-Control"));
    assertEquals("no-store", header(hit, "Surrogate-Control"));
  }

  @Test
  void routeFreshnessObeysTheTargetedFieldsStorageDirectives() throws Exception {
    serve("/legacy/item", "Cache-Control", "public", "CDN-Cache-Control", "no-store");

    hiding.get("/legacy/item");
    HttpResponse<String> second = hiding.get("/legacy/item");

    assertEquals(2, origin.calls("/legacy/item"), "the route's TTL decides how long, the targeted field whether");
    assertNull(header(second, "CDN-Cache-Control"));
  }

  @Test
  void aNotModifiedWithANewTargetedFieldFreshensTheEntryAndStaysHidden() throws Exception {
    origin.respond("/revalidated", (request, call) -> call == 1
        ? Reply.of(200, "body #1", "ETag", "\"v1\"", "CDN-Cache-Control", "max-age=0", "Cache-Control", "max-age=3600")
        : Reply.of(304, "", "ETag", "\"v1\"", "CDN-Cache-Control", "max-age=3600"));

    hiding.get("/revalidated");
    HttpResponse<String> revalidated = hiding.get("/revalidated");
    HttpResponse<String> fresh = hiding.get("/revalidated");

    assertEquals("\"v1\"", origin.received("/revalidated", 2).header("If-None-Match"),
        "CDN-Cache-Control: max-age=0 made it stale at once, whatever Cache-Control says");
    assertEquals("body #1", revalidated.body());
    assertEquals(2, origin.calls("/revalidated"), "the 304's CDN-Cache-Control: max-age=3600 keeps it fresh now");
    assertEquals("body #1", fresh.body());
    assertEquals("HIT", header(fresh, "X-Cache"));
    assertNull(header(revalidated, "CDN-Cache-Control"));
    assertNull(header(fresh, "CDN-Cache-Control"));
  }
}
