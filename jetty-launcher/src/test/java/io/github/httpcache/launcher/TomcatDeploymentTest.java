package io.github.httpcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.httpcache.testing.RedisFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo WAR, unchanged, deployed into an embedded Tomcat 10.1: the contract's endpoint checks there. */
class TomcatDeploymentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static RedisFixture redis;
  private static Tomcat tomcat;
  private static Path baseDir;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    System.setProperty("REDIS_URL", redis.url());
    baseDir = Files.createTempDirectory("tomcat");
    Files.createDirectories(baseDir.resolve("webapps"));
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector();
    // The demo needs no JSP; without Tomcat's default web.xml nothing asks for Jasper.
    tomcat.setAddDefaultWebXmlToWebapp(false);
    tomcat.addWebapp("", Path.of("target/classes/webapps/demo-webapp.war").toAbsolutePath().toString());
    tomcat.start();
    port = tomcat.getConnector().getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    System.clearProperty("REDIS_URL");
    redis.close();
    try (Stream<Path> files = Files.walk(baseDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
  }

  private static HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String xCache(HttpResponse<String> response) {
    return response.headers().firstValue("X-Cache").orElse("(none)");
  }

  @Test
  void userIsCachedAndAPutMakesTheNextReadFresh() throws Exception {
    HttpResponse<String> miss = send("GET", "/api/users/2", null);
    HttpResponse<String> hit = send("GET", "/api/users/2", null);
    send("PUT", "/api/users/2", "{\"name\": \"On Tomcat\"}");
    HttpResponse<String> fresh = send("GET", "/api/users/2", null);

    assertEquals("MISS", xCache(miss));
    assertEquals("HIT", xCache(hit));
    assertEquals(miss.body(), hit.body());
    assertEquals("MISS", xCache(fresh));
    assertEquals("On Tomcat", JSON.readTree(fresh.body()).get("user").get("name").asText());
  }

  @Test
  void postsHonourNocacheAndAPostRefreshesTheList() throws Exception {
    send("GET", "/api/posts/", null);
    assertEquals("HIT", xCache(send("GET", "/api/posts/", null)));
    assertEquals("BYPASS", xCache(send("GET", "/api/posts/?nocache=true", null)));

    HttpResponse<String> created = send("POST", "/api/posts/", "{\"title\": \"From Tomcat\"}");
    HttpResponse<String> list = send("GET", "/api/posts/", null);

    assertTrue(created.statusCode() == 201 || created.statusCode() == 200);
    assertEquals("MISS", xCache(list));
    assertTrue(list.body().contains("From Tomcat"), list.body());
  }

  @Test
  void notFoundIsJsonAndNotStored() throws Exception {
    HttpResponse<String> missing = send("GET", "/api/users/31337", null);

    assertEquals(404, missing.statusCode());
    assertTrue(JSON.readTree(missing.body()).has("error"));
    assertEquals("MISS", xCache(send("GET", "/api/users/31337", null)));
  }

  @Test
  void adminDeleteAndMetricsAnswerAsOnJetty() throws Exception {
    send("GET", "/api/posts/", null);

    HttpResponse<String> deleted = send("DELETE", "/api/invalidate/GET:/api/posts/", null);
    JsonNode metrics = JSON.readTree(send("GET", "/metrics/cache", null).body());
    HttpResponse<String> prometheus = send("GET", "/metrics", null);

    assertEquals(200, deleted.statusCode());
    assertEquals("Cache key deleted", JSON.readTree(deleted.body()).get("message").asText());
    assertTrue(metrics.has("hits") && metrics.has("misses") && metrics.has("top_keys") && metrics.has("total_cached_keys"));
    assertTrue(prometheus.body().contains("httpcache_misses"), prometheus.body());
  }
}
