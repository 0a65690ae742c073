package io.github.httpcache.policy;

import java.util.Locale;

/**
 * Scheme, host and port as the container resolved them (after its forwarded-header handling):
 * what an application reads to build absolute links, so two origins never share an entry.
 */
public record RequestOrigin(String scheme, String host, int port) {
  /** For requests whose origin does not matter (tests, benchmarks of key building). */
  public static final RequestOrigin LOCAL = new RequestOrigin("http", "localhost", 80);

  public RequestOrigin {
    scheme = scheme.toLowerCase(Locale.ROOT);
    host = host.toLowerCase(Locale.ROOT);
  }

  /** {@code https://www.example.com:443}: one spelling per origin, so it can key a variant. */
  public String key() {
    return scheme + "://" + host + ":" + port;
  }
}
