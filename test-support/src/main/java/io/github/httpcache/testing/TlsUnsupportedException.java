package io.github.httpcache.testing;

/**
 * Thrown by {@link RedisFixture#startTls} when the only {@code redis-server} at hand was built
 * without TLS, so a test may skip rather than fail where no TLS-capable Redis can be had.
 */
public final class TlsUnsupportedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  TlsUnsupportedException(String message) {
    super(message);
  }
}
