package io.github.httpcache.policy;

import java.util.List;
import java.util.Locale;

/** Whether the cache should store a body gzip-compressed: text-like, big enough, not already encoded. */
public final class Compression {
  private Compression() {}

  public static boolean worthCompressing(String contentType, List<String> contentEncoding, int bodySize, int minimumSize) {
    if (bodySize < minimumSize || contentType == null) {
      return false;
    }
    for (String encoding : contentEncoding) {
      if (!encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
        return false;
      }
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
    return mediaType.startsWith("text/")
        || mediaType.equals("application/json") || mediaType.endsWith("+json")
        || mediaType.equals("application/xml") || mediaType.endsWith("+xml")
        || mediaType.equals("application/javascript") || mediaType.equals("image/svg+xml");
  }
}
