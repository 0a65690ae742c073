package io.github.httpcache.policy;

import java.util.List;
import java.util.Locale;

/** Reads directive names from {@code Cache-Control} field values (RFC 9111 §5.2). */
final class CacheControl {
  private CacheControl() {}

  /**
   * Whether any of the field lines carries {@code directive}, compared case-insensitively and
   * ignoring arguments, so {@code private="Set-Cookie"} counts as {@code private}.
   */
  static boolean has(List<String> fieldLines, String directive) {
    for (String line : fieldLines) {
      boolean inQuotes = false;
      int start = 0;
      for (int i = 0; i <= line.length(); i++) {
        char c = i < line.length() ? line.charAt(i) : ',';
        if (inQuotes && c == '\\') {
          i++; // a quoted-pair (RFC 9110 §5.6.4): the next character cannot end the string
        } else if (c == '"') {
          inQuotes = !inQuotes;
        } else if (c == ',' && !inQuotes) {
          if (name(line.substring(start, i)).equals(directive)) {
            return true;
          }
          start = i + 1;
        }
      }
    }
    return false;
  }

  private static String name(String member) {
    int equals = member.indexOf('=');
    return (equals < 0 ? member : member.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
  }
}
