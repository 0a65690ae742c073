package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.httpcache.metrics.MetricNames;
import io.github.httpcache.metrics.MetricRegistries;
import io.github.httpcache.metrics.MetricsJsonServlet;
import io.github.httpcache.metrics.PrometheusServlet;
import io.github.httpcache.servlet.AdminServlet;
import io.github.httpcache.testing.RedisFixture;
import jakarta.servlet.DispatcherType;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin delete endpoint's guard and answers, and both metrics views of one registry. */
class AdminAndMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RedisFixture redis;
  private static TestServer open;
  private static TestServer guarded;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    open = TestServer.start(config("open:"), servlets());
    guarded = TestServer.start(config("guarded:", "admin.token", "s3cret"), servlets());
  }

  private static Map<String, String> config(String namespace, String... extra) {
    Map<String, String> config = TestServer.config(
        "redis.url", redis.url(),
        "cache.namespace", namespace,
        "route.origin.path", "/origin/{behaviour}",
        "route.origin.ttl", "60s");
    for (int i = 0; i < extra.length; i += 2) {
      config.put(extra[i], extra[i + 1]);
    }
    return config;
  }

  private static Map<String, jakarta.servlet.http.HttpServlet> servlets() {
    return Map.of(
        "/origin/*", new OriginServlet(),
        "/api/invalidate/*", new AdminServlet(),
        "/metrics/cache", new MetricsJsonServlet(),
        "/metrics", new PrometheusServlet());
  }

  @AfterAll
  static void stop() throws Exception {
    open.close();
    guarded.close();
    redis.close();
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
  }

  @Test
  void deleteByLogicalKeyRemovesTheEntryThenAnswers404() throws Exception {
    open.get("/origin/writer");

    HttpResponse<String> deleted = open.send("DELETE", "/api/invalidate/GET:/origin/writer", null);
    HttpResponse<String> again = open.send("DELETE", "/api/invalidate/GET:/origin/writer", null);

    assertEquals(200, deleted.statusCode());
    assertEquals("Cache key deleted", JSON.readTree(deleted.body()).get("message").asText());
    assertEquals(404, again.statusCode());
    assertTrue(JSON.readTree(again.body()).get("message").asText().contains("not found"));
    assertEquals("MISS", open.get("/origin/writer").headers().firstValue("X-Cache").orElseThrow());
  }

  @Test
  void deleteReachesKeysWithAQueryString() throws Exception {
    open.get("/origin/writer?b=2&a=1");

    assertEquals(200, open.send("DELETE", "/api/invalidate/GET:/origin/writer?a=1&b=2", null).statusCode());
    assertEquals("MISS", open.get("/origin/writer?a=1&b=2").headers().firstValue("X-Cache").orElseThrow());
  }

  @Test
  void tokenGuardRefusesMissingAndWrongTokens() throws Exception {
    guarded.get("/origin/writer");

    HttpResponse<String> missing = guarded.send("DELETE", "/api/invalidate/GET:/origin/writer", null);
    HttpResponse<String> wrong = guarded.send("DELETE", "/api/invalidate/GET:/origin/writer", null,
        "Authorization", "Bearer guess");

    assertEquals(401, missing.statusCode());
    assertTrue(missing.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
    assertEquals(401, wrong.statusCode());
    assertEquals("HIT", guarded.get("/origin/writer").headers().firstValue("X-Cache").orElseThrow());
  }

  @Test
  void tokenGuardAcceptsTheConfiguredToken() throws Exception {
    guarded.get("/origin/writer");

    HttpResponse<String> deleted = guarded.send("DELETE", "/api/invalidate/GET:/origin/writer", null,
        "Authorization", "Bearer s3cret");

    assertEquals(200, deleted.statusCode());
    assertEquals("MISS", guarded.get("/origin/writer").headers().firstValue("X-Cache").orElseThrow());
  }

  @Test
  void adminEndpointRefusesOtherMethodsWithJson() throws Exception {
    HttpResponse<String> get = open.get("/api/invalidate/GET:/origin/writer");

    assertEquals(405, get.statusCode());
    assertEquals("DELETE", get.headers().firstValue("Allow").orElseThrow());
    assertTrue(JSON.readTree(get.body()).has("message"));
  }

  @Test
  void metricsJsonMovesByOneHitAndOneMissPerRequest() throws Exception {
    // A fresh server: the entry count is kept for 30 s, so an earlier test's count would still show.
    try (TestServer fresh = TestServer.start(config("fresh:"), servlets())) {
      fresh.get("/origin/stream");
      fresh.get("/origin/stream");
      fresh.get("/origin/stream");
      JsonNode after = JSON.readTree(fresh.get("/metrics/cache").body());

      assertEquals(2, after.get("hits").asLong());
      assertEquals(1, after.get("misses").asLong());
      assertEquals(1, after.get("total_cached_keys").asLong());
      JsonNode top = after.get("top_keys").get(0);
      assertEquals("GET:/origin/stream", top.get(0).asText());
      assertEquals(3, top.get(1).asLong(), "one store and two hits");
    }
  }

  @Test
  void entryCountIsKeptBetweenPollsUnlessThisNodeChangedSomething() throws Exception {
    try (TestServer fresh = TestServer.start(config("polled:"), servlets())) {
      fresh.get("/origin/stream");
      long first = JSON.readTree(fresh.get("/metrics/cache").body()).get("total_cached_keys").asLong();
      // Another node's entry: the key and its member of the route's key index, which the count reads.
      redis.command("SET", "polled:GET:/elsewhere", "written by another node");
      redis.command("ZADD", "polled:~keys:{origin}", Long.toString(Long.MAX_VALUE / 1024), "polled:GET:/elsewhere");
      long second = JSON.readTree(fresh.get("/metrics/cache").body()).get("total_cached_keys").asLong();
      fresh.get("/origin/writer");
      long third = JSON.readTree(fresh.get("/metrics/cache").body()).get("total_cached_keys").asLong();

      assertEquals(1, first);
      assertEquals(1, second, "nothing changed here: the count is at most 30 s old, not taken on every request");
      assertEquals(3, third, "this node stored an entry: counted again, with the other node's key");
    }
  }

  @Test
  void topKeysHideQueriesFromAClientWithoutTheToken() throws Exception {
    guarded.get("/origin/stream?email=x%40example.com&reset_token=y");
    guarded.get("/origin/stream?email=x%40example.com&reset_token=y");

    String anonymous = guarded.get("/metrics/cache").body();
    String admin = guarded.get("/metrics/cache", "Authorization", "Bearer s3cret").body();

    assertTrue(topKeyNames(anonymous).contains("GET:/origin/stream?\u2026"), anonymous);
    assertFalse(anonymous.contains("reset_token") || anonymous.contains("example.com"), anonymous);
    assertTrue(topKeyNames(admin).contains("GET:/origin/stream?email=x%40example.com&reset_token=y"), admin);
  }

  @Test
  void topKeysHideQueriesFromAForwardedClientInLoopbackOnlyMode() throws Exception {
    open.get("/origin/stream?reset_token=y");
    open.get("/origin/stream?reset_token=y");

    String forwarded = open.get("/metrics/cache", "X-Forwarded-For", "203.0.113.9").body();
    String local = open.get("/metrics/cache").body();

    assertTrue(topKeyNames(forwarded).contains("GET:/origin/stream?\u2026"), forwarded);
    assertFalse(forwarded.contains("reset_token"), forwarded);
    assertTrue(topKeyNames(local).contains("GET:/origin/stream?reset_token=y"), local);
  }

  @Test
  void manyDistinctNotFoundMissesDoNotPushAHitKeyOutOfTopKeys() throws Exception {
    try (TestServer small = TestServer.start(config("small:", "metrics.top-keys", "5",
        "route.origin-arg.path", "/origin/{behaviour}/{argument}", "route.origin-arg.ttl", "60s"), servlets())) {
      small.get("/origin/stream");
      small.get("/origin/stream");
      for (int i = 0; i < 1000; i++) {
        HttpResponse<String> missing = small.get("/origin/status/404?n=" + i);
        assertEquals("MISS", missing.headers().firstValue("X-Cache").orElseThrow());
      }

      JsonNode top = JSON.readTree(small.get("/metrics/cache").body()).get("top_keys");

      assertEquals(1, top.size(), top.toString());
      assertEquals("GET:/origin/stream", top.get(0).get(0).asText());
      assertEquals(2, top.get(0).get(1).asLong());
    }
  }

  @Test
  void prometheusAnswers400ToAMalformedQuery() throws Exception {
    // java.net.URI refuses to build this URL, so the request goes over a plain socket.
    RawExchange.Response scrape = RawExchange.send(open.uri("/").getPort(), "GET", "/metrics?name[]=%zz", null, "Host: 127.0.0.1");

    assertEquals(400, scrape.status(), scrape.body());
    assertTrue(JSON.readTree(scrape.body()).has("message"), scrape.body());
  }

  private static java.util.List<String> topKeyNames(String metricsJson) throws Exception {
    java.util.List<String> names = new java.util.ArrayList<>();
    JSON.readTree(metricsJson).get("top_keys").forEach(pair -> names.add(pair.get(0).asText()));
    return names;
  }

  @Test
  void metricsJsonIsNeverCached() throws Exception {
    HttpResponse<String> metrics = open.get("/metrics/cache");

    assertTrue(metrics.headers().firstValue("X-Cache").isEmpty());
    assertEquals("no-store", metrics.headers().firstValue("Cache-Control").orElseThrow());
  }

  @Test
  void prometheusTextExportsTheSameRegistry() throws Exception {
    open.get("/origin/writer");
    open.get("/origin/writer");
    long hits = JSON.readTree(open.get("/metrics/cache").body()).get("hits").asLong();

    HttpResponse<String> scrape = open.get("/metrics");

    assertEquals(200, scrape.statusCode());
    assertTrue(scrape.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
    assertTrue(scrape.body().lines().anyMatch(line -> line.matches("httpcache_hits(_total)? " + hits + "(\\.0)?")),
        "no httpcache_hits line with " + hits + " in:\n" + scrape.body());
    assertTrue(scrape.body().contains("httpcache_lookup_time"));
    assertTrue(scrape.body().lines().anyMatch(line -> line.matches("httpcache_route_hits(_total)?\\{route=\"origin\"} [1-9][0-9]*(\\.0)?")),
        "no per-route hits series labelled route=\"origin\" in:\n" + scrape.body());
    assertTrue(scrape.body().contains("httpcache_route_stored_bytes"), scrape.body());
  }

  @Test
  void metricsArePublishedOverJmxWhenADomainIsSet() throws Exception {
    String domain = "http-cache-test-" + System.nanoTime();
    try (TestServer withJmx = TestServer.start(config("jmx:", "metrics.jmx-domain", domain),
        Map.of("/origin/*", new OriginServlet()))) {
      withJmx.get("/origin/writer");
      withJmx.get("/origin/writer");

      MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
      Set<javax.management.ObjectName> names = beans.queryNames(new ObjectName(domain + ":*"), null);
      ObjectName hits = names.stream()
          .filter(name -> name.getKeyProperty("name").equals("httpcache.hits")).findFirst().orElseThrow();
      assertEquals(1L, beans.getAttribute(hits, "Count"));
      assertTrue(names.stream().noneMatch(name -> !name.getKeyProperty("name").startsWith("httpcache.")));
    }
  }

  @Test
  void applicationsOwnRegistryIsUsedWhenItIsPublishedBeforeTheFilterStarts() throws Exception {
    MetricRegistry own = new MetricRegistry();
    Server server = new Server(0);
    ServletContextHandler context = new ServletContextHandler("/");
    context.setAttribute(MetricRegistries.REGISTRY_ATTRIBUTE, own);
    FilterHolder filter = new FilterHolder(HttpCacheFilter.class);
    config("own:").forEach(filter::setInitParameter);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new OriginServlet()), "/origin/*");
    server.setHandler(context);
    server.start();
    try {
      int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + port + "/origin/writer");
      client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
      client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());

      assertEquals(1, own.counter(MetricNames.HITS).getCount());
      assertEquals(1, own.counter(MetricNames.MISSES).getCount());
    } finally {
      server.stop();
    }
  }
}
