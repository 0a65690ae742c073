package io.github.httpcache.store;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Arrays that entries read from Redis are decoded into, handed back after a hit has written them
 * to its client so the next hit of that size reuses them. Without it every 64 KiB hit left a
 * 64 KiB array behind (87% of all allocation on the hit path), and the young collections that
 * followed, 3-4 a second of 4-9 ms each, made most of that row's p99 (docs/performance.md).
 *
 * <p>Values below {@value #POOLED_FROM} bytes get an array of their exact size, as cheap to
 * allocate as to pool. Larger ones get one from a size class (a power of two up to {@value
 * #POOLED_UP_TO} bytes), at most {@value #SLOTS} kept per class, about 8 MiB in all; beyond
 * that, and above the largest class, arrays are allocated and left to the collector. An array
 * that is never handed back is not a leak: the collector takes it.
 *
 * <p>Handing an array back is a promise that nothing reads it any more: the next lookup
 * overwrites it. Only the one place that owns an entry fresh from Redis does so ({@link
 * CachedResponse#release()}).
 */
final class BodyBuffers {
  static final int POOLED_FROM = 16 * 1024;
  static final int POOLED_UP_TO = 256 * 1024;
  static final int SLOTS = 16;

  private static final int SMALLEST_CLASS = Integer.numberOfTrailingZeros(POOLED_FROM);
  private static final int CLASSES = Integer.numberOfTrailingZeros(POOLED_UP_TO) - SMALLEST_CLASS + 1;

  /** Per size class, {@link #SLOTS} places that each hold a free array or null. */
  private static final AtomicReferenceArray<byte[]>[] FREE = freeLists();

  private BodyBuffers() {}

  @SuppressWarnings("unchecked")
  private static AtomicReferenceArray<byte[]>[] freeLists() {
    AtomicReferenceArray<byte[]>[] lists = new AtomicReferenceArray[CLASSES];
    for (int i = 0; i < CLASSES; i++) {
      lists[i] = new AtomicReferenceArray<>(SLOTS);
    }
    return lists;
  }

  /** An array of at least {@code length} bytes: exactly that below {@link #POOLED_FROM}, else its size class. */
  static byte[] take(int length) {
    if (length < POOLED_FROM || length > POOLED_UP_TO) {
      return new byte[length];
    }
    int sizeClass = sizeClass(length);
    AtomicReferenceArray<byte[]> free = FREE[sizeClass];
    int start = startSlot();
    for (int i = 0; i < SLOTS; i++) {
      byte[] array = free.getAndSet((start + i) & (SLOTS - 1), null);
      if (array != null) {
        return array;
      }
    }
    return new byte[POOLED_FROM << sizeClass];
  }

  /** Takes {@code array} back for a later {@link #take}; arrays of no size class, or beyond the slots, go to the collector. */
  static void giveBack(byte[] array) {
    int length = array.length;
    if (length < POOLED_FROM || length > POOLED_UP_TO || Integer.bitCount(length) != 1) {
      return;
    }
    AtomicReferenceArray<byte[]> free = FREE[sizeClass(length)];
    int start = startSlot();
    for (int i = 0; i < SLOTS; i++) {
      if (free.compareAndSet((start + i) & (SLOTS - 1), null, array)) {
        return;
      }
    }
  }

  /** How many free arrays of {@code length}'s size class are kept (for tests). */
  static int free(int length) {
    AtomicReferenceArray<byte[]> free = FREE[sizeClass(length)];
    int count = 0;
    for (int i = 0; i < SLOTS; i++) {
      count += free.get(i) == null ? 0 : 1;
    }
    return count;
  }

  /** 0 for up to 16 KiB, 1 for up to 32 KiB, and so on. */
  private static int sizeClass(int length) {
    return 32 - Integer.numberOfLeadingZeros(length - 1) - SMALLEST_CLASS;
  }

  /** Threads start their search at different slots, so concurrent takes rarely meet. */
  private static int startSlot() {
    return (int) Thread.currentThread().getId() & (SLOTS - 1);
  }
}
