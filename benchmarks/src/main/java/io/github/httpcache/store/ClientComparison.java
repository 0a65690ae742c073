package io.github.httpcache.store;

import io.github.httpcache.testing.RedisFixture;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The request path's two Redis exchanges through each candidate client, side by side in one run on
 * one {@code redis-server}: a hit's {@code GET} (1 KiB and 64 KiB values) and a fill's save (the
 * fenced Lua script, staged with a plain {@code SET} at 64 KiB, with the fill's {@code ZREM} in
 * the same batch). Each cell runs twice: 16 threads back to back (throughput), and 16 threads
 * that idle 20 ms before each call, as a miss does while its origin works (wake-up latency).
 * Rounds are interleaved; the table shows each cell's medians over the rounds. Figures only. (The
 * hand-written client the store used before issue 17 ran here as a third candidate; its figures
 * are in docs/design.md.)
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -pl benchmarks exec:java
 * -Dbench.main=io.github.httpcache.store.ClientComparison} (options: {@code -Dbench.seconds=4
 * -Dbench.rounds=3 -Dbench.threads=16 -Dbench.clients=redisson,jedis}).
 */
public final class ClientComparison {
  private static final long SECONDS = Long.getLong("bench.seconds", 4);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final int THREADS = Integer.getInteger("bench.threads", 16);
  private static final List<String> CLIENTS = List.of(System.getProperty("bench.clients", "redisson,jedis").split(","));
  private static final long IDLE_MILLIS = 20;

  private ClientComparison() {}

  /** What each client does: the exchanges, as the store sends them. */
  interface Candidate extends AutoCloseable {
    byte[] get(String key);

    /** The fenced save of {@code value} under {@code key} and the fill's deregistration, in one batch. */
    long save(String key, byte[] value);

    @Override
    void close();
  }

  private record Cell(String client, String operation, int size, boolean idle) {
    String label() {
      return operation + " " + size / 1024 + " KiB | " + (idle ? "20 ms idle" : "back to back") + " | " + client;
    }
  }

  private record Figures(double perSecond, double p50Micros, double p99Micros) {}

  public static void main(String[] args) throws Exception {
    try (RedisFixture redis = RedisFixture.startProcess()) {
      Map<String, Candidate> candidates = new LinkedHashMap<>();
      for (String name : CLIENTS) {
        candidates.put(name.trim(), ComparedClients.create(name.trim(), redis.host(), redis.port()));
      }
      System.out.printf("%nRedis clients on the request path, %s, %d cores, Java %s, %d threads, %d s a cell, %d rounds%n",
          LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), THREADS,
          SECONDS, ROUNDS);
      Map<String, List<Figures>> results = new LinkedHashMap<>();
      try {
        for (int round = 1; round <= ROUNDS; round++) {
          for (Cell cell : cells()) {
            Figures figures = run(candidates.get(cell.client()), cell);
            results.computeIfAbsent(cell.label(), k -> new ArrayList<>()).add(figures);
            System.out.printf("round %d: %s: %.0f/s p50 %.0f us p99 %.0f us%n", round, cell.label(), figures.perSecond(),
                figures.p50Micros(), figures.p99Micros());
          }
        }
      } finally {
        candidates.values().forEach(Candidate::close);
      }
      System.out.printf("%n| exchange | load | client | calls/s | p50 µs | p99 µs |%n|---|---|---|---|---|---|%n");
      results.forEach((label, runs) -> System.out.printf("| %s | %.0f | %.0f | %.0f |%n", label,
          median(runs.stream().mapToDouble(Figures::perSecond).toArray()),
          median(runs.stream().mapToDouble(Figures::p50Micros).toArray()),
          median(runs.stream().mapToDouble(Figures::p99Micros).toArray())));
    }
  }

  private static List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    for (boolean idle : new boolean[] {false, true}) {
      for (String operation : List.of("GET", "save")) {
        for (int size : new int[] {1024, 65536}) {
          for (String client : CLIENTS) {
            cells.add(new Cell(client.trim(), operation, size, idle));
          }
        }
      }
    }
    return cells;
  }

  private static Figures run(Candidate client, Cell cell) throws Exception {
    byte[] value = new byte[cell.size()];
    Arrays.fill(value, (byte) 'x');
    String readKey = "bench:value:" + cell.size();
    client.save(readKey, value);
    Recorder recorder = new Recorder(3);
    AtomicLong calls = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      long end = warmUpEnd + TimeUnit.SECONDS.toNanos(SECONDS);
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String saveKey = "bench:save:" + t + ":" + cell.size();
        running.add(threads.submit(() -> loop(client, cell, value, readKey, saveKey, warmUpEnd, end, recorder, calls)));
      }
      for (Future<?> thread : running) {
        thread.get();
      }
    } finally {
      threads.shutdownNow();
    }
    Histogram histogram = recorder.getIntervalHistogram();
    return new Figures(calls.get() / (double) SECONDS, histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0);
  }

  private static Void loop(Candidate client, Cell cell, byte[] value, String readKey, String saveKey, long warmUpEnd,
      long end, Recorder recorder, AtomicLong calls) throws InterruptedException {
    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
      if (cell.idle()) {
        Thread.sleep(IDLE_MILLIS);
      }
      long started = System.nanoTime();
      if (cell.operation().equals("GET")) {
        if (client.get(readKey).length != value.length) {
          throw new IllegalStateException("a GET returned the wrong value");
        }
      } else if (client.save(saveKey, value) != 1) {
        throw new IllegalStateException("a save was refused");
      }
      long took = System.nanoTime() - started;
      if (started > warmUpEnd && started < end) {
        recorder.recordValue(took);
        calls.incrementAndGet();
      }
    }
    return null;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  static byte[] ascii(Object value) {
    return String.valueOf(value).getBytes(StandardCharsets.US_ASCII);
  }
}
