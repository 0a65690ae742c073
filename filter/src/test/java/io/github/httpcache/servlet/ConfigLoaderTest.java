package io.github.httpcache.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.httpcache.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void classpathFileIsRead() {
    Map<String, String> entries = ConfigLoader.readProperties("classpath:routes-for-test.properties", loader);

    assertEquals(Map.of("route.origin.path", "/origin/{behaviour}", "route.origin.ttl", "45s"), entries);
  }

  @Test
  void duplicateKeyInAFileIsAnErrorNamingIt(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("twice.properties");
    Files.writeString(file, "route.a.ttl = 1s\nroute.a.ttl = 2s\n");

    ConfigException error = assertThrows(ConfigException.class,
        () -> ConfigLoader.readProperties(file.toString(), loader));

    assertEquals("route.a.ttl appears twice in " + file + ": expected each key once", error.getMessage());
  }

  @Test
  void missingFileIsAnErrorNamingTheLocation(@TempDir Path directory) {
    String location = directory.resolve("absent.properties").toString();

    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.readProperties(location, loader));

    assertEquals("config.file = \"" + location + "\": no such readable file; expected classpath:<resource> or a file path",
        error.getMessage());
  }

  @Test
  void fileIsReadAsUtf8(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("utf8.properties");
    Files.writeString(file, "cache.namespace = caché:\n");

    assertEquals("caché:", ConfigLoader.readProperties(file.toString(), loader).get("cache.namespace"));
  }
}
