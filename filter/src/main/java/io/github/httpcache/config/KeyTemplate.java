package io.github.httpcache.config;

import io.github.httpcache.key.Globs;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A logical key, glob pattern or tag with placeholders, such as {@code GET:/api/users/{id}},
 * {@code user_{user_id}_*} or {@code {username}_posts:page_{page:1}}. A placeholder takes the
 * path variable of that name, else the query parameter, else its default.
 */
public final class KeyTemplate {
  /** What the template produces, which decides how values are escaped and what may fill them. */
  public enum Kind {
    /** A logical key: values escaped as in keys ({@code %}, {@code ?}, {@code #}). */
    KEY,
    /** A glob over logical keys: values also glob-escaped, so they match only themselves. */
    PATTERN,
    /** A tag: only path variables may fill it, so it can always be formed. */
    TAG
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?}");

  private final String text;
  private final Kind kind;

  private KeyTemplate(String text, Kind kind) {
    this.text = text;
    this.kind = kind;
  }

  /** Compiles {@code template} for config entry {@code key}; a tag's placeholders must be path variables. */
  static KeyTemplate compile(String key, String template, Kind kind, Set<String> pathVariables) {
    if (template.isEmpty() || template.chars().anyMatch(Character::isWhitespace)) {
      throw ConfigException.of(key, template, "expected " + switch (kind) {
        case KEY -> "a logical key such as GET:/api/users/{id}";
        case PATTERN -> "a pattern such as GET:/api/users/* or user_{user_id}_*";
        case TAG -> "a tag such as user-{id}";
      } + ", without spaces");
    }
    Matcher matcher = PLACEHOLDER.matcher(template);
    int placeholders = 0;
    while (matcher.find()) {
      placeholders++;
      if (kind == Kind.TAG && !pathVariables.contains(matcher.group(1))) {
        throw ConfigException.of(key, template, "{" + matcher.group(1) + "} is not a path variable; a tag can only use those");
      }
    }
    long braces = template.chars().filter(c -> c == '{' || c == '}').count();
    if (braces != 2L * placeholders) {
      throw ConfigException.of(key, template, "expected placeholders as {name} or {name:default}");
    }
    return new KeyTemplate(template, kind);
  }

  /** The names of this template's placeholders, in order of appearance. */
  public java.util.List<String> placeholderNames() {
    java.util.List<String> names = new java.util.ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /** The filled template, or empty when a placeholder has no value and no default. */
  public Optional<String> expand(Map<String, String> pathVariables, Map<String, String> query) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = valueOf(matcher, pathVariables, query);
      if (value == null) {
        return Optional.empty();
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(escape(value)));
    }
    matcher.appendTail(out);
    return Optional.of(out.toString());
  }

  /**
   * A glob for what this key or pattern could name: a placeholder without a value becomes
   * {@code *}. Deleting too much is safe; leaving a stale entry is not.
   */
  public String expandAsPattern(Map<String, String> pathVariables, Map<String, String> query) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    int literalStart = 0;
    while (matcher.find()) {
      out.append(literal(text.substring(literalStart, matcher.start())));
      String value = valueOf(matcher, pathVariables, query);
      out.append(value == null ? "*" : Globs.escape(KeyTemplate.escapePath(value)));
      literalStart = matcher.end();
    }
    return out.append(literal(text.substring(literalStart))).toString();
  }

  private String literal(String part) {
    return kind == Kind.PATTERN ? part : Globs.escape(part);
  }

  private static String valueOf(Matcher matcher, Map<String, String> pathVariables, Map<String, String> query) {
    String name = matcher.group(1);
    String value = pathVariables.get(name);
    if (value == null) {
      value = query.get(name);
    }
    return value != null ? value : matcher.group(2);
  }

  private String escape(String value) {
    String escaped = escapePath(value);
    return kind == Kind.PATTERN ? Globs.escape(escaped) : escaped;
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
