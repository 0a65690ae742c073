package io.github.httpcache.demo;

/**
 * A request the demo refuses, carrying the 4xx status and the message that
 * {@link JsonServlet} turns into a {@code {"error": "..."}} body.
 */
final class ClientErrorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  public ClientErrorException(int status, String message) {
    super(message);
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("status = " + status + ": expected a 4xx status");
    }
    this.status = status;
  }

  public int status() {
    return status;
  }
}
