package io.github.httpcache.demo;

import java.io.IOException;
import java.io.InputStream;

/** Reads a request body into memory up to a fixed limit, so a huge upload cannot exhaust the heap. */
final class BoundedBodyReader {

  /** The limit the demo servlets use; their bodies are a few bytes of JSON. */
  public static final int DEFAULT_LIMIT_BYTES = 64 * 1024;

  private final int limitBytes;

  public BoundedBodyReader(int limitBytes) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("limitBytes = " + limitBytes + ": expected a positive size");
    }
    this.limitBytes = limitBytes;
  }

  /**
   * @param declaredLength the Content-Length, or -1 when the body is chunked or unknown
   * @throws ClientErrorException 413 when the declared or actual body exceeds the limit
   */
  public byte[] read(InputStream body, long declaredLength) throws IOException {
    if (declaredLength > limitBytes) {
      throw tooLarge();
    }
    // One byte past the limit tells an exactly-full body from an oversized one.
    byte[] bytes = body.readNBytes(limitBytes + 1);
    if (bytes.length > limitBytes) {
      throw tooLarge();
    }
    return bytes;
  }

  private ClientErrorException tooLarge() {
    return new ClientErrorException(413, "Request body is larger than " + limitBytes + " bytes");
  }
}
