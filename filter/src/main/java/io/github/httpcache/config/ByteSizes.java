package io.github.httpcache.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes written as {@code 1048576}, {@code 512KiB}, {@code 1MiB} (also KB/MB as binary units). */
public final class ByteSizes {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(|b|B|k|K|KB|KiB|m|M|MB|MiB|g|G|GB|GiB)");
  private static final String EXPECTED = "expected a positive size such as 65536, 512KiB or 1MiB";

  private ByteSizes() {}

  /** Parses {@code value} for {@code key} into a positive number of bytes that fits an int. */
  public static int parsePositive(String key, String value) {
    Matcher matcher = SIZE.matcher(value.trim());
    if (!matcher.matches()) {
      throw ConfigException.of(key, value, EXPECTED);
    }
    try {
      long amount = Long.parseLong(matcher.group(1));
      long bytes = Math.multiplyExact(amount, unit(matcher.group(2)));
      if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
        throw ConfigException.of(key, value, EXPECTED + ", at most 2GiB");
      }
      return (int) bytes;
    } catch (NumberFormatException | ArithmeticException e) {
      throw ConfigException.of(key, value, EXPECTED + ", at most 2GiB");
    }
  }

  private static long unit(String suffix) {
    return switch (suffix.isEmpty() ? ' ' : Character.toUpperCase(suffix.charAt(0))) {
      case 'K' -> 1024L;
      case 'M' -> 1024L * 1024;
      case 'G' -> 1024L * 1024 * 1024;
      default -> 1L;
    };
  }
}
