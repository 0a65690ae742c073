package io.github.httpcache.policy;

import java.util.Locale;

/** Reads {@code Accept-Encoding} (RFC 9110 §12.5.3): may this client be sent a gzip body? */
public final class AcceptEncoding {
  private AcceptEncoding() {}

  public static boolean acceptsGzip(String header) {
    if (header == null) {
      return false;
    }
    Boolean wildcard = null;
    for (String member : header.split(",")) {
      String[] parts = member.split(";");
      String coding = parts[0].trim().toLowerCase(Locale.ROOT);
      boolean acceptable = qualityAboveZero(parts);
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        return acceptable;
      }
      if (coding.equals("*")) {
        wildcard = acceptable;
      }
    }
    return wildcard != null && wildcard;
  }

  private static boolean qualityAboveZero(String[] parameters) {
    for (int i = 1; i < parameters.length; i++) {
      String parameter = parameters[i].trim();
      if (parameter.length() > 2 && Character.toLowerCase(parameter.charAt(0)) == 'q' && parameter.charAt(1) == '=') {
        try {
          return Double.parseDouble(parameter.substring(2).trim()) > 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return true;
  }
}
