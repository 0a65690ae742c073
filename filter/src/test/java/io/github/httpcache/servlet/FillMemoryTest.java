package io.github.httpcache.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared budget of bytes all fills in progress may buffer. */
class FillMemoryTest {
  @Test
  void reservesUpToTheLimitAndNoFurther() {
    FillMemory memory = new FillMemory(100);

    assertTrue(memory.tryReserve(60));
    assertTrue(memory.tryReserve(40));
    assertFalse(memory.tryReserve(1));
    assertEquals(100, memory.reserved());
  }

  @Test
  void aRefusedReservationTakesNothing() {
    FillMemory memory = new FillMemory(100);
    memory.tryReserve(70);

    assertFalse(memory.tryReserve(31));
    assertEquals(70, memory.reserved());
    assertTrue(memory.tryReserve(30));
  }

  @Test
  void releasedBytesCanBeReservedAgain() {
    FillMemory memory = new FillMemory(100);
    memory.tryReserve(100);
    memory.release(100);

    assertEquals(0, memory.reserved());
    assertTrue(memory.tryReserve(100));
  }

  @Test
  void releasingMoreThanWasReservedIsABug() {
    FillMemory memory = new FillMemory(100);
    memory.tryReserve(10);

    assertThrows(IllegalStateException.class, () -> memory.release(11));
  }

  @Test
  void hugeReservationsDoNotOverflow() {
    FillMemory memory = new FillMemory(100);
    memory.tryReserve(50);

    assertFalse(memory.tryReserve(Long.MAX_VALUE));
    assertEquals(50, memory.reserved());
  }

  @Test
  void unlimitedAlwaysReservesAndCountsNothing() {
    assertTrue(FillMemory.UNLIMITED.tryReserve(Long.MAX_VALUE / 2));
    assertTrue(FillMemory.UNLIMITED.tryReserve(Long.MAX_VALUE / 2));
    FillMemory.UNLIMITED.release(1);
    assertEquals(0, FillMemory.UNLIMITED.reserved());
  }

  @Test
  void aShareReleasesWhatItHoldsExactlyOnce() {
    FillMemory memory = new FillMemory(100);
    FillMemory.Share share = memory.share(new Object());
    share.grow(30);
    share.grow(20);

    share.releaseAll();
    share.releaseAll();

    assertEquals(0, memory.reserved());
    assertEquals(0, share.held());
  }

  @Test
  void aShareThatCannotGrowKeepsWhatItHad() {
    FillMemory memory = new FillMemory(100);
    FillMemory.Share share = memory.share(new Object());

    assertTrue(share.grow(80));
    assertFalse(share.grow(21));
    assertEquals(80, share.held());
    assertEquals(80, memory.reserved());
  }

  @Test
  @Timeout(30)
  void aShareWhoseOwnerIsCollectedWithoutEndingIsReleased() throws InterruptedException {
    FillMemory memory = new FillMemory(1_000);
    memory.share(new Object()).grow(500);

    // The owner is unreachable at once; a GC and the cleaner thread return its bytes.
    for (int i = 0; i < 200 && memory.reserved() != 0; i++) {
      System.gc();
      Thread.sleep(50);
    }
    assertEquals(0, memory.reserved());
  }

  @Test
  @Timeout(30)
  void concurrentReservationsNeverExceedTheLimitAndAllReturn() throws Exception {
    long limit = 64 * 1024;
    FillMemory memory = new FillMemory(limit);
    // Held throughout, so only 6 KiB is left to contend for and larger reservations are always refused.
    long standing = limit - 6 * 1024;
    memory.tryReserve(standing);
    AtomicLong highest = new AtomicLong();
    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> refusals = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        refusals.add(pool.submit(() -> reserveAndRelease(memory, start, highest)));
      }
      start.countDown();
      long refused = 0;
      for (Future<Long> f : refusals) {
        refused += f.get(20, TimeUnit.SECONDS);
      }
      assertTrue(highest.get() <= limit, "reserved " + highest.get() + " of " + limit);
      assertTrue(refused > 0);
      assertEquals(standing, memory.reserved());
      memory.release(standing);
      assertEquals(0, memory.reserved());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Reserves and releases random amounts 20 000 times; how many reservations were refused. */
  private static long reserveAndRelease(FillMemory memory, CountDownLatch start, AtomicLong highest)
      throws InterruptedException {
    start.await();
    long refused = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 20_000; i++) {
      long bytes = 1 + random.nextInt(8 * 1024);
      if (memory.tryReserve(bytes)) {
        highest.accumulateAndGet(memory.reserved(), Math::max);
        memory.release(bytes);
      } else {
        refused++;
      }
    }
    return refused;
  }
}
