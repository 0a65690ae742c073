package io.github.httpcache.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Opt-in heuristic freshness for {@code freshness=origin} (RFC 9111 §4.2.2,
 * {@code cache.heuristic-freshness}, {@code cache.heuristic-max}): a response without explicit
 * freshness but with {@code Last-Modified} is fresh for {@code fraction} of the time since it was
 * last modified, at most {@code max}. Off by default.
 *
 * @param fraction the share of the time since {@code Last-Modified}, such as 0.1 for {@code 10%}; 0 when off
 * @param max the longest heuristic lifetime
 */
public record HeuristicFreshness(double fraction, Duration max) {
  public static final HeuristicFreshness OFF = new HeuristicFreshness(0, Duration.ZERO);

  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(\\.\\d{1,3})?)\\s*%");
  private static final String EXPECTED = "expected off or a percentage above 0 and at most 100, such as 10%";

  public boolean enabled() {
    return fraction > 0;
  }

  /** From the two settings' values (absent: not set); {@code max} without a percentage is a conflict. */
  static HeuristicFreshness parse(String key, Optional<String> percent, String maxKey, Optional<String> max) {
    String text = percent.map(String::trim).orElse(ConfigKeys.DEFAULT_HEURISTIC_FRESHNESS);
    if (text.equals("off")) {
      max.ifPresent(value -> {
        throw ConfigException.of(maxKey, value, "only applies with " + key + " (a percentage such as 10%), which is off");
      });
      return OFF;
    }
    if (!PERCENT.matcher(text).matches()) {
      throw ConfigException.of(key, text, EXPECTED);
    }
    BigDecimal share = new BigDecimal(text.substring(0, text.indexOf('%')).trim());
    if (share.signum() <= 0 || share.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw ConfigException.of(key, text, EXPECTED);
    }
    return new HeuristicFreshness(share.doubleValue() / 100,
        Durations.parsePositive(maxKey, max.map(String::trim).orElse(ConfigKeys.DEFAULT_HEURISTIC_MAX)));
  }

  @Override
  public String toString() {
    return enabled() ? " heuristic-freshness " + BigDecimal.valueOf(fraction * 100).stripTrailingZeros().toPlainString()
        + "% max " + max.toSeconds() + "s" : "";
  }
}
