package io.github.httpcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.testing.RedisFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in: a web application that never mentions the cache in its web.xml, only has the JAR
 * (and its dependencies) in WEB-INF/lib and an http-cache.properties, gets its GET pages cached
 * through the JAR's web-fragment.xml.
 */
class WebFragmentDropInTest {
  private static final String PLAIN_WEB_XML = String.join("\n",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">",
      "  <display-name>an application that knows nothing of the cache</display-name>",
      "</web-app>");

  private static RedisFixture redis;

  @BeforeAll
  static void start() {
    redis = RedisFixture.start();
    System.setProperty("REDIS_URL", redis.url());
  }

  @AfterAll
  static void stop() {
    System.clearProperty("REDIS_URL");
    redis.close();
  }

  @Test
  void jarInWebInfLibAndAPropertiesFileCacheStaticPagesWithoutAWebXmlEdit(@TempDir Path directory) throws Exception {
    Path war = directory.resolve("plain.war");
    repackDemoWar(war, "route.pages.path = /pages/{name}\nroute.pages.ttl = 60s\n");

    try (DemoServer server = DemoServer.start(0, war)) {
      HttpResponse<String> miss = DemoContractTest.send(server, "GET", "/pages/hello.html", null);
      HttpResponse<String> hit = DemoContractTest.send(server, "GET", "/pages/hello.html", null);

      assertEquals(200, miss.statusCode());
      assertEquals("MISS", miss.headers().firstValue("X-Cache").orElse("(no filter)"));
      assertEquals("HIT", hit.headers().firstValue("X-Cache").orElse("(no filter)"));
      assertEquals("<p>hello</p>", hit.body());
    }
  }

  @Test
  void withoutAPropertiesFileTheFragmentCachesNothingAndBreaksNothing(@TempDir Path directory) throws Exception {
    Path war = directory.resolve("no-config.war");
    repackDemoWar(war, null);

    try (DemoServer server = DemoServer.start(0, war)) {
      HttpResponse<String> page = DemoContractTest.send(server, "GET", "/pages/hello.html", null);

      assertEquals(200, page.statusCode());
      assertEquals("(none)", page.headers().firstValue("X-Cache").orElse("(none)"));
    }
  }

  /**
   * The demo WAR's WEB-INF/lib (the filter JAR and its dependencies) under a web.xml that maps
   * nothing, a static page, and the given http-cache.properties (none when null).
   */
  private static void repackDemoWar(Path target, String properties) throws IOException {
    Path demo = Path.of("target/classes/webapps/demo-webapp.war");
    try (ZipFile source = new ZipFile(demo.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
      for (Enumeration<? extends ZipEntry> entries = source.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        if (entry.getName().startsWith("WEB-INF/lib/") && !entry.isDirectory()) {
          out.putNextEntry(new ZipEntry(entry.getName()));
          try (InputStream in = source.getInputStream(entry)) {
            in.transferTo(out);
          }
          out.closeEntry();
        }
      }
      write(out, "WEB-INF/web.xml", PLAIN_WEB_XML);
      write(out, "pages/hello.html", "<p>hello</p>");
      if (properties != null) {
        write(out, "WEB-INF/classes/http-cache.properties", "redis.url = ${REDIS_URL}\n" + properties);
      }
    }
  }

  private static void write(ZipOutputStream out, String name, String content) throws IOException {
    out.putNextEntry(new ZipEntry(name));
    OutputStream entry = out;
    entry.write(content.getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }
}
