package io.github.httpcache.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:default}} in configuration values, so a web.xml can
 * say {@code ${REDIS_URL:redis://127.0.0.1:6379}} and take the value from the deployment.
 */
public final class Placeholders {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::([^}]*))?}");

  private Placeholders() {}

  /**
   * Returns a copy of {@code entries} with placeholders replaced through {@code lookup} (which
   * returns null for an unset name). An unset name without a default is an error naming the key.
   */
  public static Map<String, String> resolve(Map<String, String> entries, UnaryOperator<String> lookup) {
    Map<String, String> resolved = new LinkedHashMap<>();
    entries.forEach((key, value) -> resolved.put(key, resolveValue(key, value, lookup)));
    return resolved;
  }

  private static String resolveValue(String key, String value, UnaryOperator<String> lookup) {
    Matcher matcher = PLACEHOLDER.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String found = lookup.apply(matcher.group(1));
      if (found == null) {
        found = matcher.group(2);
      }
      if (found == null) {
        throw ConfigException.of(
            key, value, "${" + matcher.group(1) + "} is not set as a system property or environment variable, and has no default");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(found));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** System properties first, then environment variables: the order the docs promise. */
  public static String systemLookup(String name) {
    String property = System.getProperty(name);
    return property != null ? property : System.getenv(name);
  }
}
