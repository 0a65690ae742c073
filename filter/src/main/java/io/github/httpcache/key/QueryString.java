package io.github.httpcache.key;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Decodes a raw query string and re-encodes parameters in one canonical form for keys. */
public final class QueryString {
  private static final Comparator<QueryParameter> BY_NAME_THEN_VALUE =
      Comparator.comparing(QueryParameter::name).thenComparing(QueryParameter::value);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private QueryString() {}

  /** The decoded parameters of {@code rawQuery} (null or empty gives none), in request order. */
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
      parameters.add(new QueryParameter(name, value));
    }
    return parameters;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      // A broken escape such as %zz is kept literally; it still keys consistently.
      return text;
    }
  }

  /** {@code a=1&b=2}: sorted by name then value, every byte outside RFC 3986 unreserved escaped. */
  public static String canonical(List<QueryParameter> parameters) {
    List<QueryParameter> sorted = new ArrayList<>(parameters);
    sorted.sort(BY_NAME_THEN_VALUE);
    StringBuilder out = new StringBuilder();
    for (QueryParameter parameter : sorted) {
      if (out.length() > 0) {
        out.append('&');
      }
      encode(parameter.name(), out);
      out.append('=');
      encode(parameter.value(), out);
    }
    return out.toString();
  }

  /** {@code text} with every byte outside the RFC 3986 unreserved set percent-encoded. */
  static String percentEncode(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    encode(text, out);
    return out.toString();
  }

  private static void encode(String text, StringBuilder out) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
  }
}
