package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Randomized check of the contract's consistency promise: writers and readers on two Jetty nodes
 * sharing one Redis and one database, for a bounded time; no read that started after a write's
 * response arrived may return a version older than that write's. Prints what it checked.
 */
class ConsistencyCheckTest {
  private static final Duration RUN_FOR = Duration.ofSeconds(Long.getLong("consistency.seconds", 15));
  private static final List<String> ITEMS = List.of("a", "b", "c", "d");

  private static final Map<String, AtomicLong> database = VersionedResource.database();
  private static RedisFixture redis;
  private static TestServer[] nodes;

  record Write(String item, long version, long endedAt) {}

  record Read(String item, long version, long startedAt, boolean hit) {}

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    VersionedResource onA = new VersionedResource(database);
    VersionedResource onB = new VersionedResource(database);
    onA.jitterReads(3);
    onB.jitterReads(3);
    nodes = new TestServer[] {
      TestServer.start(InvalidationTest.config(redis), Map.of("/v/*", onA)).behind("localhost"),
      TestServer.start(InvalidationTest.config(redis), Map.of("/v/*", onB)).behind("localhost")
    };
  }

  @AfterAll
  static void stop() throws Exception {
    for (TestServer node : nodes) {
      node.close();
    }
    redis.close();
  }

  @Test
  void noReadAfterAWriteReturnsAnOlderVersion() throws Exception {
    ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
    long deadline = System.nanoTime() + RUN_FOR.toNanos();
    ExecutorService workers = Executors.newFixedThreadPool(6);
    for (int i = 0; i < 2; i++) {
      workers.submit(() -> loop(deadline, () -> {
        String item = pick(ITEMS);
        HttpResponse<String> response = pick(nodes).send("PUT", "/v/" + item, "");
        writes.add(new Write(item, Long.parseLong(response.body()), System.nanoTime()));
        Thread.sleep(ThreadLocalRandom.current().nextInt(15));
      }));
    }
    for (int i = 0; i < 4; i++) {
      workers.submit(() -> loop(deadline, () -> {
        String item = pick(ITEMS);
        long startedAt = System.nanoTime();
        HttpResponse<String> response = pick(nodes).get("/v/" + item);
        reads.add(new Read(item, Long.parseLong(response.body()), startedAt,
            response.headers().firstValue("X-Cache").orElse("").equals("HIT")));
      }));
    }
    workers.shutdown();
    assertTrue(workers.awaitTermination(RUN_FOR.toSeconds() + 60, TimeUnit.SECONDS), "workers did not stop");

    List<String> violations = violations(new ArrayList<>(writes), new ArrayList<>(reads));
    long hits = reads.stream().filter(Read::hit).count();
    System.out.printf("Consistency check: %d s, %d writes, %d reads checked (%d hits, %d from the origin), %d violations%n",
        RUN_FOR.toSeconds(), writes.size(), reads.size(), hits, reads.size() - hits, violations.size());
    assertTrue(writes.size() > 50 && reads.size() > 200, "too little traffic to mean anything");
    assertTrue(hits > 0, "no read was a hit, so the cache was not exercised");
    assertEquals(List.of(), violations.subList(0, Math.min(10, violations.size())));
  }

  /** Reads that started after a write had returned, yet saw an older version than that write's. */
  private static List<String> violations(List<Write> writes, List<Read> reads) {
    List<String> found = new ArrayList<>();
    for (String item : ITEMS) {
      List<Write> itemWrites = writes.stream().filter(w -> w.item().equals(item))
          .sorted(Comparator.comparingLong(Write::endedAt)).toList();
      long[] endedAt = itemWrites.stream().mapToLong(Write::endedAt).toArray();
      long[] newestSoFar = new long[itemWrites.size()];
      long newest = 0;
      for (int i = 0; i < newestSoFar.length; i++) {
        newest = Math.max(newest, itemWrites.get(i).version());
        newestSoFar[i] = newest;
      }
      for (Read read : reads) {
        if (!read.item().equals(item)) {
          continue;
        }
        int completedBefore = upperBound(endedAt, read.startedAt());
        long mustSee = completedBefore == 0 ? 0 : newestSoFar[completedBefore - 1];
        if (read.version() < mustSee) {
          found.add(item + ": read v" + read.version() + " (hit " + read.hit() + ") after v" + mustSee + " was written");
        }
      }
    }
    return found;
  }

  /** How many of the sorted {@code values} are below {@code limit}. */
  private static int upperBound(long[] values, long limit) {
    int low = 0;
    int high = values.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (values[middle] < limit) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private static <T> T pick(List<T> choices) {
    return choices.get(ThreadLocalRandom.current().nextInt(choices.size()));
  }

  private static <T> T pick(T[] choices) {
    return choices[ThreadLocalRandom.current().nextInt(choices.length)];
  }

  /** One worker's step, repeated until the deadline. */
  interface Step {
    void run() throws Exception;
  }

  private static void loop(long deadline, Step step) {
    while (System.nanoTime() < deadline) {
      try {
        step.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
