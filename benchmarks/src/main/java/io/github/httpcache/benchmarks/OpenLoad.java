package io.github.httpcache.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator (what wrk2 does, which is not installed): requests leave at a fixed
 * rate whatever the server's latency, so an overloaded server meets its full offered load instead
 * of a closed loop's that slows down with it. Latency counts from each request's scheduled start
 * (no coordinated omission). At most {@code maxInFlight} requests are outstanding; a request due
 * when all are taken is shed (counted, never sent), as a client whose connection pool is
 * exhausted gives up. Runs in the calling JVM, on the JDK's asynchronous HTTP client.
 */
final class OpenLoad {
  /** What one run saw; {@code perSecond} rows are [2xx, hits, bypasses] by the second a request was due. */
  record Result(double offeredPerSecond, long sent, long shed, long failed, long ok, Map<String, Long> xCache,
      double p50Millis, double p99Millis, double maxMillis, long seconds, long[][] perSecond) {

    double goodputPerSecond() {
      return ok / (double) seconds;
    }

    /** Hits over requests that were answered with a status. */
    double hitRatio() {
      long answered = xCache.values().stream().mapToLong(Long::longValue).sum();
      return answered == 0 ? 0 : xCache.getOrDefault("HIT", 0L) / (double) answered;
    }
  }

  private final HttpClient client;
  private final ExecutorService callbacks;
  private final int maxInFlight;
  private final Duration timeout;

  OpenLoad(int maxInFlight, Duration timeout) {
    this.callbacks = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "open-load");
      thread.setDaemon(true);
      return thread;
    });
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks).build();
    this.maxInFlight = maxInFlight;
    this.timeout = timeout;
  }

  /** Offers {@code rate} requests a second for {@code duration}, the n-th to {@code target.apply(n)}, then waits for the stragglers. */
  Result run(double rate, Duration duration, LongFunction<URI> target) throws InterruptedException {
    Tally tally = new Tally((int) duration.toSeconds());
    Semaphore inFlight = new Semaphore(maxInFlight);
    long interval = (long) (1e9 / rate);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long shed = 0;
    long sent = 0;
    for (long n = 0; start + n * interval < end; n++) {
      long due = start + n * interval;
      long early = due - System.nanoTime();
      if (early > 0) {
        LockSupport.parkNanos(early);
      }
      if (!inFlight.tryAcquire()) {
        shed++;
        continue;
      }
      sent++;
      HttpRequest request = HttpRequest.newBuilder(target.apply(n)).timeout(timeout).build();
      client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete((response, failure) -> {
            tally.record(start, due, response);
            inFlight.release();
          });
    }
    // Stragglers are bounded by the request timeout; whatever is still out after it counts as failed.
    boolean drained = inFlight.tryAcquire(maxInFlight, timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
    if (drained) {
      inFlight.release(maxInFlight);
    }
    return tally.result(rate, sent, shed, duration.toSeconds());
  }

  void close() {
    callbacks.shutdownNow();
  }

  /** Counts and latencies, recorded from the client's callback threads. */
  private static final class Tally {
    private final Recorder latency = new Recorder(3);
    private final AtomicLong ok = new AtomicLong();
    private final Map<String, AtomicLong> xCache = new ConcurrentHashMap<>();
    private final AtomicLongArray[] perSecond;

    Tally(int seconds) {
      perSecond = new AtomicLongArray[] {new AtomicLongArray(seconds + 1), new AtomicLongArray(seconds + 1),
          new AtomicLongArray(seconds + 1)};
    }

    void record(long start, long due, HttpResponse<Void> response) {
      long now = System.nanoTime();
      latency.recordValue(Math.max(0, (now - due) / 1000));
      int second = (int) Math.min((due - start) / 1_000_000_000L, perSecond[0].length() - 1);
      if (response == null) {
        return;
      }
      String cache = response.headers().firstValue("X-Cache").orElse("none");
      xCache.computeIfAbsent(cache, k -> new AtomicLong()).incrementAndGet();
      perSecond[1].addAndGet(second, cache.equals("HIT") ? 1 : 0);
      perSecond[2].addAndGet(second, cache.equals("BYPASS") ? 1 : 0);
      if (response.statusCode() / 100 == 2) {
        ok.incrementAndGet();
        perSecond[0].incrementAndGet(second);
      }
    }

    Result result(double rate, long sent, long shed, long seconds) {
      var histogram = latency.getIntervalHistogram();
      Map<String, Long> caches = new java.util.TreeMap<>();
      xCache.forEach((name, count) -> caches.put(name, count.get()));
      long[][] rows = new long[(int) seconds][3];
      for (int s = 0; s < seconds; s++) {
        for (int column = 0; column < 3; column++) {
          rows[s][column] = perSecond[column].get(s);
        }
      }
      // Sent but not answered with a 2xx in time: errors, timeouts and requests still out at the end.
      return new Result(rate, sent, shed, sent - ok.get(), ok.get(), caches,
          histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
          histogram.getMaxValue() / 1000.0, seconds, rows);
    }
  }
}
