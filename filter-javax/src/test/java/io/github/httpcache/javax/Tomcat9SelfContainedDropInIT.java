package io.github.httpcache.javax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-contained javax JAR dropped into a Servlet 4 application on Tomcat 9: a
 * metadata-complete web.xml that never mentions the cache, the JAR in WEB-INF/lib and an
 * http-cache.properties. This test's class path holds neither the filter nor Redisson.
 */
class Tomcat9SelfContainedDropInIT {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static RedisFixture redis;
  private static Tomcat tomcat;
  private static int port;

  @BeforeAll
  static void deploy(@TempDir Path directory) throws Exception {
    assertFalse(onClassPath("io.github.httpcache.HttpCacheFilter"), "the filter must come only from WEB-INF/lib");
    assertFalse(onClassPath("org.redisson.Redisson"), "Redisson must come only from the JAR, relocated");
    redis = RedisFixture.start();

    Path app = directory.resolve("app");
    Files.createDirectories(app.resolve("WEB-INF/lib"));
    Files.createDirectories(app.resolve("WEB-INF/classes"));
    Files.writeString(app.resolve("WEB-INF/web.xml"), String.join("\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"4.0\" metadata-complete=\"true\">",
        "  <servlet><servlet-name>greeting</servlet-name>",
        "    <servlet-class>" + GreetingServlet.class.getName() + "</servlet-class></servlet>",
        "  <servlet-mapping><servlet-name>greeting</servlet-name><url-pattern>/greeting</url-pattern></servlet-mapping>",
        "</web-app>"));
    Files.copy(Path.of(System.getProperty("httpcache.all.jar")), app.resolve("WEB-INF/lib/http-cache-filter-all-javax.jar"));
    Files.writeString(app.resolve("WEB-INF/classes/http-cache.properties"), String.join("\n",
        "redis.url = " + redis.url(),
        "route.greeting.path = /greeting",
        "route.greeting.ttl = 60s",
        "servlets.prometheus-path = /cache-metrics",
        ""));

    tomcat = new Tomcat();
    Path base = directory.resolve("tomcat");
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
  void theApplicationsPagesAreCachedInRedis() throws Exception {
    HttpResponse<String> miss = get("/app/greeting");
    HttpResponse<String> hit = get("/app/greeting");

    assertEquals("MISS", miss.headers().firstValue("X-Cache").orElse("(none)"));
    assertEquals("HIT", hit.headers().firstValue("X-Cache").orElse("(none)"));
    assertEquals(miss.body(), hit.body());
    assertEquals(1, redis.entryCount("http-cache:"));

    HttpResponse<String> metrics = get("/app/cache-metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().matches("(?s).*httpcache_route_hits_total\\{route=\"greeting\"} [1-9].*"), metrics.body());
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, Tomcat9SelfContainedDropInIT.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
