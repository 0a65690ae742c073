package io.github.httpcache.store;

/** Bytes in Redis that are not an entry this version can read; the caller treats them as a miss. */
final class CorruptEntryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CorruptEntryException(String message) {
    super(message);
  }
}
