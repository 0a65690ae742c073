package io.github.httpcache.key;

import io.github.httpcache.policy.AcceptEncoding;
import io.github.httpcache.policy.VaryValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * Secondary keys for responses that vary on request headers (RFC 9111 §4.1): the primary key,
 * the variant index's epoch, and a digest of the request's values for the varied headers.
 */
public final class Variants {
  private static final String MARK = "#vary=";

  private Variants() {}

  /**
   * The key of the variant selected by the request's values of {@code headerNames} (lower-case,
   * sorted). Values are normalised as {@link VaryValues} says (whitespace; case, weights and order of
   * {@code Accept-Language} and the other preference lists); {@code Accept-Encoding} is reduced to
   * whether gzip is acceptable, so the countless spellings of it do not multiply the variants.
   */
  public static String variantKey(String primaryKey, long epoch, List<String> headerNames,
      Function<String, List<String>> requestHeaderValues) {
    StringBuilder selected = new StringBuilder();
    for (String name : headerNames) {
      List<String> values = requestHeaderValues.apply(name);
      selected.append(name).append(':');
      if (values.isEmpty()) {
        selected.append('\u0000');
      } else if (name.equals("accept-encoding")) {
        selected.append(AcceptEncoding.acceptsGzip(String.join(",", values)) ? "gzip" : "identity");
      } else {
        selected.append(VaryValues.normalise(name, values));
      }
      selected.append('\n');
    }
    return primaryKey + MARK + Long.toHexString(epoch) + ":" + sha256(selected.toString()).substring(0, 32);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
