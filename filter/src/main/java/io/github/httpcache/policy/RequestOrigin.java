package io.github.httpcache.policy;

import java.util.Locale;

/**
 * Scheme, host and port as the container resolved them (after its forwarded-header handling):
 * what an application reads to build absolute links, so two origins never share an entry.
 */
public final class RequestOrigin {
  /** For requests whose origin does not matter (tests, benchmarks of key building). */
  public static final RequestOrigin LOCAL = new RequestOrigin("http", "localhost", 80);

  private final String scheme;
  private final String host;
  private final int port;
  /** Built once: every routed request of an origin keys its variant with it. */
  private final String key;

  public RequestOrigin(String scheme, String host, int port) {
    this.scheme = scheme.toLowerCase(Locale.ROOT);
    this.host = host.toLowerCase(Locale.ROOT);
    this.port = port;
    this.key = this.scheme + "://" + this.host + ":" + port;
  }

  public String scheme() {
    return scheme;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** {@code https://www.example.com:443}: one spelling per origin, so it can key a variant. */
  public String key() {
    return key;
  }

  /** Whether this is the origin of a request that resolved to these values, spelled alike. */
  public boolean isSpelled(String scheme, String host, int port) {
    return this.port == port && this.host.equals(host) && this.scheme.equals(scheme);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RequestOrigin origin && key.equals(origin.key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return key;
  }
}
