package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The arrays hits are read into: sizes, reuse, bounds, and never one array for two holders. */
class BodyBuffersTest {

  @BeforeEach
  void emptyThePool() {
    for (int size = BodyBuffers.POOLED_FROM; size <= BodyBuffers.POOLED_UP_TO; size *= 2) {
      while (BodyBuffers.free(size) > 0) {
        BodyBuffers.take(size);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 1", "16383, 16383", "16384, 16384", "16385, 32768", "65536, 65536", "65537, 131072",
      "262144, 262144", "262145, 262145", "1000000, 1000000"})
  void anArrayIsTheExactSizeOutsideThePooledRangeAndItsSizeClassInside(int length, int expected) {
    assertEquals(expected, BodyBuffers.take(length).length);
  }

  @Test
  void anArrayGivenBackIsTheNextOneTakenOfItsSizeClass() {
    byte[] first = BodyBuffers.take(40_000);

    BodyBuffers.giveBack(first);

    assertEquals(1, BodyBuffers.free(40_000));
    assertSame(first, BodyBuffers.take(60_000), "40,000 and 60,000 bytes share the 64 KiB class");
    assertEquals(0, BodyBuffers.free(40_000));
    assertNotSame(first, BodyBuffers.take(60_000), "taken once, it is not handed out again");
  }

  @Test
  void arraysOfNoSizeClassAreLeftToTheCollector() {
    BodyBuffers.giveBack(new byte[BodyBuffers.POOLED_FROM - 1]);
    BodyBuffers.giveBack(new byte[BodyBuffers.POOLED_UP_TO * 2]);
    BodyBuffers.giveBack(new byte[50_000]);

    for (int size = BodyBuffers.POOLED_FROM; size <= BodyBuffers.POOLED_UP_TO; size *= 2) {
      assertEquals(0, BodyBuffers.free(size), "nothing kept for " + size);
    }
  }

  @Test
  void atMostSlotsArraysAreKeptPerSizeClass() {
    for (int i = 0; i < BodyBuffers.SLOTS * 3; i++) {
      BodyBuffers.giveBack(new byte[BodyBuffers.POOLED_FROM]);
    }

    assertEquals(BodyBuffers.SLOTS, BodyBuffers.free(BodyBuffers.POOLED_FROM));
  }

  @Test
  void concurrentTakersNeverHoldTheSameArrayAtOnce() throws Exception {
    int threads = 8;
    int rounds = 20_000;
    Set<byte[]> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> clashes = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        clashes.add(pool.submit(() -> {
          int count = 0;
          for (int i = 0; i < rounds; i++) {
            byte[] array = BodyBuffers.take(20_000);
            count += held.add(array) ? 0 : 1;
            held.remove(array);
            BodyBuffers.giveBack(array);
          }
          return count;
        }));
      }
      for (Future<Integer> clash : clashes) {
        assertEquals(0, clash.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(BodyBuffers.free(20_000) >= 1, "the arrays went back to the pool");
  }
}
