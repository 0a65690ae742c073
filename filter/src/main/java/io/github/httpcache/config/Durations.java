package io.github.httpcache.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses TTLs and timeouts written as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601. */
public final class Durations {
  private static final Pattern SHORT_FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final String EXPECTED =
      "expected a positive duration such as 250ms, 30s, 5m, 1h, 1d or PT2M";
  private static final String EXPECTED_OR_ZERO =
      "expected 0 (off) or a positive duration such as 250ms, 5s, 1m or PT2M";

  private Durations() {}

  /** Parses {@code value} for {@code key}; zero and negative durations are rejected. */
  public static Duration parsePositive(String key, String value) {
    Duration duration = parse(key, value, EXPECTED);
    if (duration.isZero() || duration.isNegative()) {
      throw ConfigException.of(key, value, EXPECTED);
    }
    return duration;
  }

  /** Parses {@code value} for {@code key}; zero (off) is allowed, negative durations are rejected. */
  public static Duration parseNonNegative(String key, String value) {
    Duration duration = value.trim().equals("0") ? Duration.ZERO : parse(key, value, EXPECTED_OR_ZERO);
    if (duration.isNegative()) {
      throw ConfigException.of(key, value, EXPECTED_OR_ZERO);
    }
    return duration;
  }

  private static Duration parse(String key, String value, String expected) {
    String text = value.trim();
    Matcher matcher = SHORT_FORM.matcher(text);
    if (matcher.matches()) {
      try {
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      } catch (NumberFormatException | ArithmeticException e) {
        throw ConfigException.of(key, value, expected);
      }
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw ConfigException.of(key, value, expected);
    }
  }
}
