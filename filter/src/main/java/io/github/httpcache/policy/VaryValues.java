package io.github.httpcache.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a request's values of a header that a response varies on (RFC 9111 §4.1) are compared with
 * the values the stored response was selected by: normalised where that cannot change what the
 * origin would choose. Every header: field lines combined as one list (RFC 9110 §5.3), empty
 * members and whitespace around members dropped, runs of spaces made one. The preference lists {@code Accept}, {@code Accept-Charset}
 * and {@code Accept-Language} besides: tokens and parameter names compared case-insensitively,
 * {@code q=1}, {@code q=1.0} and no weight alike, and the order of members ignored (RFC 9110 §12.4.2:
 * preference is given by weight, not by position). Other headers keep order and case.
 */
public final class VaryValues {
  /** Lists whose members are case-insensitive tokens ranked by weight. */
  private static final Set<String> PREFERENCE_LISTS = Set.of("accept", "accept-charset", "accept-language");

  private VaryValues() {}

  /** One string that is equal for two requests exactly when they select the same variant of {@code name}. */
  public static String normalise(String name, List<String> fieldLines) {
    List<String> members = new ArrayList<>();
    for (String line : fieldLines) {
      for (String member : split(line, ',')) {
        String trimmed = member.strip();
        if (!trimmed.isEmpty()) {
          members.add(trimmed);
        }
      }
    }
    boolean preferences = PREFERENCE_LISTS.contains(name.toLowerCase(Locale.ROOT));
    List<String> normalised = new ArrayList<>();
    for (String member : members) {
      normalised.add(preferences ? preference(member) : member.replaceAll("\\s+", " "));
    }
    if (preferences) {
      normalised.sort(null);
    }
    return String.join(",", normalised);
  }

  /** A preference with whitespace around {@code ;} and {@code =} dropped (RFC 9110 §5.6.6) and runs of spaces made one. */
  private static String spaced(String member) {
    return member.replaceAll("\\s*([;=])\\s*", "$1").replaceAll("\\s+", " ");
  }

  /** {@code EN-us ; Q=1.0} as {@code en-us}; {@code text/HTML;level=1;q=0.50} as {@code text/html;level=1;q=0.5}. */
  private static String preference(String member) {
    List<String> parts = split(spaced(member), ';');
    StringBuilder out = new StringBuilder(parts.get(0).strip().toLowerCase(Locale.ROOT));
    for (String parameter : parts.subList(1, parts.size())) {
      int equals = parameter.indexOf('=');
      String key = (equals < 0 ? parameter : parameter.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
      String value = equals < 0 ? "" : parameter.substring(equals + 1).strip();
      if (key.equals("q")) {
        value = weight(value);
        if (value.equals("1")) {
          continue; // the default weight
        }
      }
      out.append(';').append(key).append(equals < 0 ? "" : "=" + value);
    }
    return out.toString();
  }

  /** A qvalue without trailing zeros ({@code 0.50} is {@code 0.5}); one that is not a number is kept as sent. */
  private static String weight(String value) {
    if (!value.matches("[01](\\.\\d{0,3})?")) {
      return value;
    }
    BigDecimal weight = new BigDecimal(value.endsWith(".") ? value + "0" : value).stripTrailingZeros();
    return weight.signum() == 0 ? "0" : weight.toPlainString();
  }

  /** {@code text} split at {@code separator} outside quoted strings (a {@code ,} in {@code "a,b"} does not split). */
  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      }
      if (c == separator && !quoted) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    return parts;
  }
}
