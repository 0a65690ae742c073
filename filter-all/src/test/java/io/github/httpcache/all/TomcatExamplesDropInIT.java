package io.github.httpcache.all;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.httpcache.testing.RedisFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in on an application we did not write: Tomcat's own examples webapp (Debian's
 * {@code tomcat10-examples}, whose web.xml is metadata-complete), with nothing changed but the
 * self-contained JAR added to WEB-INF/lib and an http-cache.properties to WEB-INF/classes. Neither
 * the filter nor Redisson is on this test's class path: what caches is the JAR inside the app.
 */
class TomcatExamplesDropInIT {
  private static final Path EXAMPLES = Path.of(System.getProperty("tomcat.examples", "/usr/share/tomcat10-examples/examples"));
  private static final String HELLO = "/examples/servlets/servlet/HelloWorldExample";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static RedisFixture redis;
  private static Tomcat tomcat;
  private static int port;

  @BeforeAll
  static void deployExamplesWithTheJarDroppedIn(@TempDir Path directory) throws Exception {
    boolean installed = Files.isRegularFile(EXAMPLES.resolve("WEB-INF/web.xml"));
    if (!"true".equals(System.getenv("CI"))) {
      assumeTrue(installed, "Tomcat's examples webapp is not installed (apt-get install tomcat10-examples)");
    }
    assertTrue(installed, "CI installs tomcat10-examples; " + EXAMPLES + " is missing");
    assertFalse(onClassPath("io.github.httpcache.HttpCacheFilter"), "the filter must come only from WEB-INF/lib");
    assertFalse(onClassPath("org.redisson.Redisson"), "Redisson must come only from the JAR, relocated");

    redis = RedisFixture.start();
    Path app = directory.resolve("examples");
    copyTree(EXAMPLES, app);
    Files.copy(Path.of(System.getProperty("httpcache.all.jar")), app.resolve("WEB-INF/lib/http-cache-filter-all.jar"));
    Files.writeString(app.resolve("WEB-INF/classes/http-cache.properties"), String.join("\n",
        "redis.url = " + redis.url(),
        "route.hello.path = /servlets/servlet/HelloWorldExample",
        "route.hello.ttl = 60s",
        "servlets.prometheus-path = /http-cache/metrics",
        ""));

    tomcat = new Tomcat();
    Path base = directory.resolve("tomcat");
    Files.createDirectories(base.resolve("webapps"));
    tomcat.setBaseDir(base.toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector();
    // The servlets are what we cache; without Tomcat's default web.xml nothing asks for Jasper (JSP).
    tomcat.setAddDefaultWebXmlToWebapp(false);
    tomcat.addWebapp("/examples", app.toString());
    tomcat.start();
    port = tomcat.getConnector().getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void helloWorldIsAMissThenAHitStoredInRedis() throws Exception {
    HttpResponse<String> miss = get(HELLO);
    HttpResponse<String> hit = get(HELLO);

    assertEquals(200, miss.statusCode());
    assertTrue(miss.body().contains("Hello World!"), miss.body());
    assertEquals("MISS", xCache(miss));
    assertEquals("HIT", xCache(hit));
    assertEquals(miss.body(), hit.body());
    assertEquals(1, redis.entryCount("http-cache:"));
  }

  @Test
  void pagesOutsideTheRouteTableAreLeftAlone() throws Exception {
    HttpResponse<String> info = get("/examples/servlets/servlet/RequestInfoExample");

    assertEquals(200, info.statusCode());
    assertEquals("(none)", xCache(info));
  }

  @Test
  void theJarsPrometheusServletIsMappedWhereThePropertiesSay() throws Exception {
    get(HELLO);
    get(HELLO);

    HttpResponse<String> metrics = get("/examples/http-cache/metrics");

    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().matches("(?s).*httpcache_route_hits_total\\{route=\"hello\"} [1-9].*"), metrics.body());
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, TomcatExamplesDropInIT.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String xCache(HttpResponse<String> response) {
    return response.headers().firstValue("X-Cache").orElse("(none)");
  }
}
