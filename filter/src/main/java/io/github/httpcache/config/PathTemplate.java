package io.github.httpcache.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path such as {@code /api/users/{id}}: literal segments and variables that each match one
 * whole, non-empty segment, and optionally a final {@code **} that matches whatever follows
 * ({@code /**} is every path, {@code /static/**} is {@code /static} and everything under it).
 * Compiled once at startup; matching walks segments without regexes.
 */
public final class PathTemplate {
  private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final String text;
  private final List<String> segments;
  private final List<Boolean> isVariable;
  /** The same, as arrays: matching runs on every request. */
  private final String[] segmentArray;
  private final boolean[] variableAt;
  private final Set<String> variables;
  /** Whether the template ended in {@code /**}: the remaining segments match anything. */
  private final boolean catchAll;

  private PathTemplate(String text, List<String> segments, List<Boolean> isVariable, boolean catchAll) {
    this.text = text;
    this.catchAll = catchAll;
    this.segments = List.copyOf(segments);
    this.isVariable = List.copyOf(isVariable);
    this.segmentArray = segments.toArray(String[]::new);
    this.variableAt = new boolean[segments.size()];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      variableAt[i] = isVariable.get(i);
      if (isVariable.get(i)) {
        names.add(segments.get(i));
      }
    }
    this.variables = Set.copyOf(names);
  }

  /** Compiles {@code template}; errors name {@code key}. */
  public static PathTemplate compile(String key, String template) {
    String expected = "expected a path such as /api/users/{id}: starting with /, variables as whole segments";
    if (!template.startsWith("/") || template.contains("//") || template.contains("?")) {
      throw ConfigException.of(key, template, expected);
    }
    boolean catchAll = template.equals("/**") || template.endsWith("/**");
    String fixed = catchAll ? template.substring(0, template.length() - 3) : template;
    if (fixed.contains("*")) {
      throw ConfigException.of(key, template, "expected ** only as the last segment, e.g. /static/**");
    }
    if (catchAll && fixed.isEmpty()) {
      return new PathTemplate(template, List.of(), List.of(), true);
    }
    String[] parts = fixed.substring(1).split("/", -1);
    List<String> segments = new ArrayList<>();
    List<Boolean> isVariable = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String part : parts) {
      Matcher matcher = VARIABLE.matcher(part);
      if (matcher.matches()) {
        if (!seen.add(matcher.group(1))) {
          throw ConfigException.of(key, template, "expected each variable once, but {" + matcher.group(1) + "} repeats");
        }
        segments.add(matcher.group(1));
        isVariable.add(true);
      } else if (part.contains("{") || part.contains("}")) {
        throw ConfigException.of(key, template, expected);
      } else {
        segments.add(part);
        isVariable.add(false);
      }
    }
    return new PathTemplate(template, segments, isVariable, catchAll);
  }

  /** The variables of {@code path} when it matches this template, else empty. */
  public Optional<Map<String, String>> match(String path) {
    if (path == null || !path.startsWith("/")) {
      return Optional.empty();
    }
    Map<String, String> values = null;
    int start = 1;
    for (int i = 0; i < segmentArray.length; i++) {
      int end = path.indexOf('/', start);
      boolean last = i == segmentArray.length - 1;
      // Without a catch-all the last segment must end the path; with one, the path may go on.
      if (catchAll ? end < 0 && !last : last != (end < 0)) {
        return Optional.empty();
      }
      int segmentEnd = end < 0 ? path.length() : end;
      if (variableAt[i]) {
        if (segmentEnd == start) {
          return Optional.empty();
        }
        if (values == null) {
          values = new LinkedHashMap<>(4);
        }
        values.put(segmentArray[i], path.substring(start, segmentEnd));
      } else if (!literalAt(path, start, segmentEnd, segmentArray[i])) {
        return Optional.empty();
      }
      start = end + 1;
    }
    return Optional.of(values == null ? Map.of() : values);
  }

  private static boolean literalAt(String path, int start, int end, String literal) {
    return end - start == literal.length() && path.regionMatches(start, literal, 0, literal.length());
  }

  public Set<String> variables() {
    return variables;
  }

  /** Templates that match exactly the same paths (variable names aside) conflict. */
  String shape() {
    StringBuilder shape = new StringBuilder();
    for (int i = 0; i < segments.size(); i++) {
      shape.append('/').append(isVariable.get(i) ? "{}" : segments.get(i));
    }
    return catchAll ? shape + "/**" : shape.toString();
  }

  /** Catch-alls match last, after every template of fixed length. */
  boolean isCatchAll() {
    return catchAll;
  }

  /** More literal segments first, so {@code /api/users/me} wins over {@code /api/users/{id}}. */
  int literalCount() {
    return (int) isVariable.stream().filter(v -> !v).count();
  }

  @Override
  public String toString() {
    return text;
  }
}
