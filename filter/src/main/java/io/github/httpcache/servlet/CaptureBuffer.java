package io.github.httpcache.servlet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A captured body in chunks, every allocated byte reserved from the {@link FillMemory} budget
 * first. Chunks never move, so growing never holds an old and a new array at once (as
 * {@code ByteArrayOutputStream} does), and the reservation is exactly what is allocated.
 */
final class CaptureBuffer {
  private static final int FIRST_CHUNK = 1024;
  /** Chunks double with the capture up to this size: few reservations, little unused tail. */
  private static final int MAX_CHUNK = 64 * 1024;

  private final int limit;
  private final FillMemory.Share share;
  private final List<byte[]> chunks = new ArrayList<>();
  private int capacity;
  private int size;
  /** Where the next byte goes: chunk index and offset in it (appends only, so they only move on). */
  private int current;
  private int at;

  /** @param limit the most this buffer will ever be asked to hold (the body size limit) */
  CaptureBuffer(FillMemory budget, int limit) {
    this.limit = limit;
    this.share = budget.share(this);
  }

  /**
   * Appends the bytes; false when the budget refused the memory they need, and then nothing of
   * them was kept (what was held before still is).
   */
  boolean write(byte[] bytes, int offset, int length) {
    if (!ensureCapacity(size + length)) {
      return false;
    }
    while (length > 0) {
      byte[] chunk = chunks.get(current);
      if (at == chunk.length) {
        current++;
        at = 0;
        continue;
      }
      int n = Math.min(length, chunk.length - at);
      System.arraycopy(bytes, offset, chunk, at, n);
      at += n;
      size += n;
      offset += n;
      length -= n;
    }
    return true;
  }

  private boolean ensureCapacity(int needed) {
    while (capacity < needed) {
      int grow = Math.min(Math.max(FIRST_CHUNK, capacity), MAX_CHUNK);
      int chunk = Math.max(1, Math.min(grow, limit - capacity));
      if (!share.grow(chunk)) {
        return false;
      }
      chunks.add(new byte[chunk]);
      capacity += chunk;
    }
    return true;
  }

  int size() {
    return size;
  }

  /** Bytes allocated (and reserved): what the budget is charged for this buffer. */
  int capacity() {
    return capacity;
  }

  void writeTo(OutputStream out) throws IOException {
    int remaining = size;
    for (int i = 0; remaining > 0; i++) {
      byte[] chunk = chunks.get(i);
      int n = Math.min(remaining, chunk.length);
      out.write(chunk, 0, n);
      remaining -= n;
    }
  }

  byte[] toByteArray() {
    byte[] bytes = new byte[size];
    int at = 0;
    for (int i = 0; at < size; i++) {
      byte[] chunk = chunks.get(i);
      int n = Math.min(size - at, chunk.length);
      System.arraycopy(chunk, 0, bytes, at, n);
      at += n;
    }
    return bytes;
  }

  /** Empties the buffer and returns all its memory to the budget; it can be written again. */
  void release() {
    chunks.clear();
    capacity = 0;
    size = 0;
    current = 0;
    at = 0;
    share.releaseAll();
  }
}
