package io.github.httpcache.store;

/** Redis did not answer in time, or answered with an error: the request goes to the origin. */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
