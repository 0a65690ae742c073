package io.github.httpcache.policy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Entity tags: a strong validator computed from a stored body, and {@code If-None-Match}
 * evaluation with the weak comparison RFC 9110 §13.1.2 prescribes for it.
 */
public final class Validators {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Validators() {}

  /** A strong ETag for {@code body}: 144 bits of its SHA-256, base64url, quoted. */
  public static String strongEtag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + BASE64URL.encodeToString(Arrays.copyOf(digest, 18)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  /** The tag of the gzip representation of the same resource: a different representation needs a different tag. */
  public static String gzipVariant(String etag) {
    int close = etag.lastIndexOf('"');
    if (close <= 0) {
      return etag;
    }
    return etag.substring(0, close) + "-gzip" + etag.substring(close);
  }

  /**
   * Whether {@code ifNoneMatch} (the request's field value) matches {@code etag}, in which case a
   * GET is answered 304 (RFC 9110 §13.1.2). {@code *} matches any current representation.
   */
  public static boolean ifNoneMatchMatches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || etag == null) {
      return false;
    }
    String wanted = opaqueTag(etag);
    int i = 0;
    int length = ifNoneMatch.length();
    while (i < length) {
      char c = ifNoneMatch.charAt(i);
      if (c == ' ' || c == '\t' || c == ',') {
        i++;
      } else if (c == '*') {
        return true;
      } else {
        int start = i;
        if (ifNoneMatch.startsWith("W/", i)) {
          i += 2;
        }
        if (i >= length || ifNoneMatch.charAt(i) != '"') {
          return false;
        }
        int close = ifNoneMatch.indexOf('"', i + 1);
        if (close < 0) {
          return false;
        }
        if (opaqueTag(ifNoneMatch.substring(start, close + 1)).equals(wanted)) {
          return true;
        }
        i = close + 1;
      }
    }
    return false;
  }

  /** The quoted part, without a weakness indicator: weak comparison ignores {@code W/}. */
  private static String opaqueTag(String etag) {
    String trimmed = etag.trim();
    return trimmed.startsWith("W/") ? trimmed.substring(2) : trimmed;
  }
}
