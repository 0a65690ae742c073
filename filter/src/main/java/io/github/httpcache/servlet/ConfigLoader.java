package io.github.httpcache.servlet;

import io.github.httpcache.config.ConfigException;
import io.github.httpcache.config.ConfigKeys;
import io.github.httpcache.config.Placeholders;
import jakarta.servlet.FilterConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Gathers the configuration entries for {@link io.github.httpcache.config.ConfigParser}: the
 * filter's init-params, merged with the properties file that {@code config.file} names, with
 * {@code ${NAME:default}} placeholders resolved from system properties and the environment.
 */
public final class ConfigLoader {
  private static final String CLASSPATH_PREFIX = "classpath:";
  /** {@code optional:classpath:x.properties}: a file that may be absent (then there is nothing to add). */
  private static final String OPTIONAL_PREFIX = "optional:";

  private ConfigLoader() {}

  public static Map<String, String> load(FilterConfig filterConfig) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (String name : Collections.list(filterConfig.getInitParameterNames())) {
      entries.put(name, filterConfig.getInitParameter(name));
    }
    String location = entries.get(ConfigKeys.CONFIG_FILE);
    if (location != null && !location.isBlank()) {
      ClassLoader loader = classLoader(filterConfig);
      String trimmed = location.trim();
      boolean optional = trimmed.startsWith(OPTIONAL_PREFIX);
      String path = optional ? trimmed.substring(OPTIONAL_PREFIX.length()) : trimmed;
      if (optional && !exists(path, loader)) {
        // The web-fragment's default: with no properties file, the filter caches nothing.
        return Placeholders.resolve(entries, Placeholders::systemLookup);
      }
      readProperties(path, loader).forEach((key, value) -> {
        if (entries.putIfAbsent(key, value) != null) {
          throw new ConfigException(key + " is set both as an init-param and in " + location
              + ": expected each key in one place");
        }
      });
    }
    return Placeholders.resolve(entries, Placeholders::systemLookup);
  }

  /** The web application's loader; embedded containers may have none, then the thread's or our own. */
  private static ClassLoader classLoader(FilterConfig filterConfig) {
    ClassLoader loader = filterConfig.getServletContext().getClassLoader();
    if (loader == null) {
      loader = Thread.currentThread().getContextClassLoader();
    }
    return loader != null ? loader : ConfigLoader.class.getClassLoader();
  }

  private static boolean exists(String location, ClassLoader loader) {
    if (location.startsWith(CLASSPATH_PREFIX)) {
      String resource = location.substring(CLASSPATH_PREFIX.length()).replaceFirst("^/", "");
      return loader != null && loader.getResource(resource) != null;
    }
    return Files.isReadable(Path.of(location));
  }

  /** Reads a properties file from the classpath or the file system; duplicate keys are errors. */
  public static Map<String, String> readProperties(String location, ClassLoader loader) {
    Map<String, String> entries = new LinkedHashMap<>();
    Properties properties = new Properties() {
      private static final long serialVersionUID = 1L;

      @Override
      public synchronized Object put(Object key, Object value) {
        if (entries.putIfAbsent((String) key, (String) value) != null) {
          throw new ConfigException(key + " appears twice in " + location + ": expected each key once");
        }
        return super.put(key, value);
      }
    };
    try (InputStream in = open(location, loader);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException(ConfigKeys.CONFIG_FILE + " = \"" + location + "\": cannot be read (" + e.getMessage() + ")");
    }
    return entries;
  }

  private static InputStream open(String location, ClassLoader loader) throws IOException {
    if (location.startsWith(CLASSPATH_PREFIX)) {
      String resource = location.substring(CLASSPATH_PREFIX.length()).replaceFirst("^/", "");
      InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
      if (in == null) {
        throw new ConfigException(ConfigKeys.CONFIG_FILE + " = \"" + location
            + "\": no such classpath resource; expected classpath:<resource> or a file path");
      }
      return in;
    }
    Path path = Path.of(location);
    if (!Files.isReadable(path)) {
      throw new ConfigException(ConfigKeys.CONFIG_FILE + " = \"" + location
          + "\": no such readable file; expected classpath:<resource> or a file path");
    }
    return Files.newInputStream(path);
  }
}
