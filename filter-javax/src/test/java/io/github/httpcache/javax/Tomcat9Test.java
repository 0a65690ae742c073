package io.github.httpcache.javax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The javax artifact (the Jakarta filter transformed at build time) in an embedded Tomcat 9, a
 * Servlet 4 container, configured the three ways an application can: its own web.xml, the JAR's
 * web-fragment, and, for a metadata-complete web.xml, the JAR's ServletContainerInitializer.
 */
class Tomcat9Test {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String ROUTES = String.join("\n",
      "route.greeting.path = /greeting",
      "route.greeting.ttl = 60s",
      "invalidate.greeting.method = POST",
      "invalidate.greeting.path = /greeting",
      "invalidate.greeting.keys = GET:/greeting",
      "");
  private static final String ORIGIN = String.join("\n",
      "  <servlet>",
      "    <servlet-name>greeting</servlet-name>",
      "    <servlet-class>" + GreetingServlet.class.getName() + "</servlet-class>",
      "  </servlet>",
      "  <servlet-mapping>",
      "    <servlet-name>greeting</servlet-name>",
      "    <url-pattern>/greeting</url-pattern>",
      "  </servlet-mapping>");

  private static RedisFixture redis;
  private Tomcat tomcat;
  private int port;

  @BeforeAll
  static void startRedis() {
    redis = RedisFixture.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
  }

  @AfterEach
  void stopTomcat() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  @Test
  void webXmlDeclaresTheFilterWithInitParams(@TempDir Path directory) throws Exception {
    Path app = webapp(directory, false, String.join("\n",
        "  <filter>",
        "    <filter-name>http-cache</filter-name>",
        "    <filter-class>io.github.httpcache.HttpCacheFilter</filter-class>",
        "    <async-supported>true</async-supported>",
        "    <init-param><param-name>config.file</param-name><param-value>classpath:routes.properties</param-value></init-param>",
        "    <init-param><param-name>redis.url</param-name><param-value>" + redis.url() + "</param-value></init-param>",
        "  </filter>",
        "  <filter-mapping><filter-name>http-cache</filter-name><url-pattern>/*</url-pattern></filter-mapping>",
        ORIGIN));
    Files.writeString(app.resolve("WEB-INF/classes/routes.properties"), ROUTES);
    start(app);

    assertCachesAndInvalidates();
  }

  @Test
  void theWebFragmentTurnsCachingOnWithOnlyAPropertiesFile(@TempDir Path directory) throws Exception {
    Path app = webapp(directory, false, ORIGIN);
    Files.writeString(app.resolve("WEB-INF/classes/http-cache.properties"), ROUTES + "redis.url = " + redis.url() + "\n");
    start(app);

    assertCachesAndInvalidates();
  }

  @Test
  void aMetadataCompleteAppIsCachedThroughTheInitializerWithItsServlets(@TempDir Path directory) throws Exception {
    Path app = webapp(directory, true, ORIGIN);
    Files.writeString(app.resolve("WEB-INF/classes/http-cache.properties"), ROUTES + "redis.url = " + redis.url() + "\n"
        + "servlets.prometheus-path = /cache-metrics\n");
    start(app);

    assertCachesAndInvalidates();
    HttpResponse<String> metrics = send("GET", "/app/cache-metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("httpcache_route_hits_total{route=\"greeting\"} 1.0"), metrics.body());
  }

  @Test
  void withoutAPropertiesFileAMetadataCompleteAppIsLeftAlone(@TempDir Path directory) throws Exception {
    start(webapp(directory, true, ORIGIN));

    HttpResponse<String> response = send("GET", "/app/greeting");

    assertEquals(200, response.statusCode());
    assertEquals("(none)", response.headers().firstValue("X-Cache").orElse("(none)"));
  }

  private void assertCachesAndInvalidates() throws IOException, InterruptedException {
    HttpResponse<String> miss = send("GET", "/app/greeting");
    HttpResponse<String> hit = send("GET", "/app/greeting");
    assertEquals(204, send("POST", "/app/greeting").statusCode());
    HttpResponse<String> refilled = send("GET", "/app/greeting");

    assertEquals("MISS", xCache(miss));
    assertEquals("HIT", xCache(hit));
    assertEquals(miss.body(), hit.body());
    assertEquals("MISS", xCache(refilled));
    assertTrue(!refilled.body().equals(miss.body()), "the write made the next read go to the origin");
    assertEquals(1, redis.entryCount("http-cache:"));
  }

  private static Path webapp(Path directory, boolean metadataComplete, String body) throws IOException {
    Path app = directory.resolve("app");
    Files.createDirectories(app.resolve("WEB-INF/classes"));
    Files.writeString(app.resolve("WEB-INF/web.xml"), String.join("\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"4.0\" metadata-complete=\""
            + metadataComplete + "\">",
        body,
        "</web-app>"));
    return app;
  }

  private void start(Path app) throws Exception {
    tomcat = new Tomcat();
    Path base = app.getParent().resolve("tomcat");
    Files.createDirectories(base.resolve("webapps"));
    tomcat.setBaseDir(base.toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector();
    tomcat.setAddDefaultWebXmlToWebapp(false);
    tomcat.addWebapp("/app", app.toString());
    tomcat.start();
    port = tomcat.getConnector().getLocalPort();
  }

  private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String xCache(HttpResponse<String> response) {
    return response.headers().firstValue("X-Cache").orElse("(none)");
  }
}
