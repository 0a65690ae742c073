package io.github.httpcache.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A logical cache key with placeholders, such as {@code GET:/api/users/{id}}, filled from the
 * path variables of the write that invalidates it. Placeholders are checked against those
 * variables at startup, so expansion cannot fail at request time.
 */
public final class KeyTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  private final String text;

  private KeyTemplate(String text) {
    this.text = text;
  }

  /** Compiles {@code template}, whose placeholders must all be among {@code variables}. */
  static KeyTemplate compile(String key, String template, PathTemplate path) {
    if (!template.startsWith("GET:/") || template.chars().anyMatch(Character::isWhitespace)) {
      // Only GET entries exist; any other key could never match and the write would silently invalidate nothing.
      throw ConfigException.of(key, template, "expected a logical key such as GET:/api/users/{id}, without spaces");
    }
    Matcher matcher = PLACEHOLDER.matcher(template);
    while (matcher.find()) {
      if (!path.variables().contains(matcher.group(1))) {
        throw ConfigException.of(
            key, template, "{" + matcher.group(1) + "} is not a variable of the path " + path);
      }
    }
    return new KeyTemplate(template);
  }

  /**
   * The logical key with each placeholder replaced by its value, escaped as in a request's key
   * (see {@link #escapePath}), so a rule finds the entry the matching GET stored.
   */
  public String expand(Map<String, String> variables) {
    if (variables.isEmpty()) {
      return text;
    }
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(escapePath(variables.get(matcher.group(1)))));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /**
   * A decoded path as it appears in a logical key: {@code %}, {@code ?} and {@code #} escaped, since
   * the container decodes {@code %3F} and {@code %23} and a path must never spell another key's
   * query or per-user part ({@code /a%3Fb=1} is not {@code /a?b=1}).
   */
  public static String escapePath(String decodedPath) {
    if (decodedPath.indexOf('%') < 0 && decodedPath.indexOf('?') < 0 && decodedPath.indexOf('#') < 0) {
      return decodedPath;
    }
    return decodedPath.replace("%", "%25").replace("?", "%3F").replace("#", "%23");
  }

  @Override
  public String toString() {
    return text;
  }
}
