package io.github.httpcache.store;

/** Redis did not answer in time, or answered with an error: the request goes to the origin. */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether Redis answered, with an error reply ({@code OOM}, {@code WRONGTYPE}, an ACL refusal):
   * Redis is up, so this is no reason to stop asking it (the circuit breaker is for outages).
   */
  public boolean redisAnswered() {
    return getCause() instanceof redis.clients.jedis.exceptions.JedisDataException;
  }
}
