package io.github.httpcache.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** The request header names a response varies on (RFC 9110 §12.5.5), normalised for keying. */
public final class VaryHeader {
  private VaryHeader() {}

  /**
   * Sorted lower-case names from the {@code Vary} field lines, or empty for {@code Vary: *}, whose
   * set of variants is unbounded. {@code accept-encoding} is left out when {@code cacheEncodes}: the
   * cache serves both encodings from one entry itself.
   */
  public static Optional<List<String>> names(List<String> fieldLines, boolean cacheEncodes) {
    TreeSet<String> names = new TreeSet<>();
    for (String line : fieldLines) {
      for (String member : line.split(",")) {
        String name = member.trim().toLowerCase(Locale.ROOT);
        if (name.equals("*")) {
          return Optional.empty();
        }
        if (!name.isEmpty() && !(cacheEncodes && name.equals("accept-encoding"))) {
          names.add(name);
        }
      }
    }
    return Optional.of(List.copyOf(names));
  }

  public static boolean isStar(List<String> fieldLines) {
    return names(fieldLines, false).isEmpty();
  }
}
