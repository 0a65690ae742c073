package io.github.httpcache.key;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Decodes a raw query string, and re-encodes its raw bytes in one canonical form for keys: two
 * queries share a key only when their bytes (after percent- and {@code +}-decoding) are the same.
 */
public final class QueryString {
  // Stable: the values of one name keep their request order, which the application sees.
  private static final Comparator<QueryParameter> BY_NAME = Comparator.comparing(QueryParameter::name);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  /** Stands, among the bytes 0..255 of a raw text, for a '%' that starts no valid escape ({@code %zz}). */
  private static final int BAD_PERCENT = -1;

  private QueryString() {}

  /** The parameters of {@code rawQuery} (null or empty gives none), decoded and raw, in request order. */
  public static List<QueryParameter> parse(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return List.of();
    }
    List<QueryParameter> parameters = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      parameters.add(new QueryParameter(name, value, pair));
    }
    return parameters;
  }

  /** The text of the raw bytes as UTF-8; malformed UTF-8 becomes U+FFFD, a broken escape stays a literal '%'. */
  private static String decode(String text) {
    if (isPlain(text)) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    forEachByte(text, b -> bytes.write(b == BAD_PERCENT ? '%' : b));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isPlain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' || c == '+' || c >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code a=1&b=2}: sorted by name only, stably, each pair in its {@linkplain QueryParameter#keyForm()
   * key form}, so {@code ?a=2&a=1} is not {@code ?a=1&a=2}.
   */
  public static String canonical(List<QueryParameter> parameters) {
    List<QueryParameter> sorted = new ArrayList<>(parameters);
    sorted.sort(BY_NAME);
    StringBuilder out = new StringBuilder();
    for (QueryParameter parameter : sorted) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(parameter.keyForm());
    }
    return out.toString();
  }

  /**
   * The raw pair {@code rawPair} ({@code name=value} or a bare {@code name}) as {@code name=value}
   * with every byte outside RFC 3986 unreserved escaped, and a '%' that starts no valid escape
   * written {@code %%}, which no byte ever is, so two raw pairs with different bytes never meet.
   */
  static String keyForm(String rawPair) {
    int equals = rawPair.indexOf('=');
    StringBuilder out = new StringBuilder(rawPair.length() + 8);
    appendKeyForm(equals < 0 ? rawPair : rawPair.substring(0, equals), out);
    out.append('=');
    if (equals >= 0) {
      appendKeyForm(rawPair.substring(equals + 1), out);
    }
    return out.toString();
  }

  private static void appendKeyForm(String rawText, StringBuilder out) {
    forEachByte(rawText, b -> {
      if (b == BAD_PERCENT) {
        out.append("%%");
      } else {
        appendByte(b, out);
      }
    });
  }

  /**
   * Hands on each byte of a raw text: a valid escape's byte, a space for '+', a character's UTF-8
   * bytes, and {@link #BAD_PERCENT} for a '%' not followed by two hex digits.
   */
  private static void forEachByte(String text, IntConsumer sink) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%') {
        int high = hexAt(text, i + 1);
        int low = hexAt(text, i + 2);
        boolean valid = high >= 0 && low >= 0;
        sink.accept(valid ? high << 4 | low : BAD_PERCENT);
        i += valid ? 3 : 1;
      } else if (c < 0x80) {
        sink.accept(c == '+' ? ' ' : c);
        i++;
      } else {
        int codePoint = text.codePointAt(i);
        for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
          sink.accept(b & 0xFF);
        }
        i += Character.charCount(codePoint);
      }
    }
  }

  /** The value of the ASCII hex digit at {@code index}, or -1 (Character.digit would take other scripts' digits). */
  private static int hexAt(String text, int index) {
    if (index >= text.length()) {
      return -1;
    }
    char c = text.charAt(index);
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
      return (c | 0x20) - 'a' + 10;
    }
    return -1;
  }

  /** {@code text} with every byte outside the RFC 3986 unreserved set percent-encoded. */
  static String percentEncode(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      appendByte(b & 0xFF, out);
    }
    return out.toString();
  }

  private static void appendByte(int b, StringBuilder out) {
    if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
        || b == '-' || b == '.' || b == '_' || b == '~') {
      out.append((char) b);
    } else {
      out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }
  }
}
