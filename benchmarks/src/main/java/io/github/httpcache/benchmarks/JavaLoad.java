package io.github.httpcache.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop Java load generator with HdrHistogram, for machines without {@code wrk}. It runs in
 * the server's JVM, so its figures are lower than wrk's; the ratios between rows still compare.
 */
final class JavaLoad {
  private JavaLoad() {}

  static LoadResult run(String url, int connections, Duration duration, boolean uniqueKeys) throws Exception {
    return run(connections, duration, (worker, n) -> HttpRequest.newBuilder(
        URI.create(uniqueKeys ? url + "?n=" + worker + "-" + n + "-" + System.nanoTime() : url)).build());
  }

  /** What the {@code n}-th request of worker {@code worker} sends. */
  interface Requests {
    HttpRequest request(int worker, long n);
  }

  /** As above for any request (a PUT, say): {@code connections} workers, each sending its next request when the last is answered. */
  static LoadResult run(int connections, Duration duration, Requests requests) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Recorder recorder = new Recorder(3);
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long deadline = System.nanoTime() + duration.toNanos();
    ExecutorService workers = Executors.newFixedThreadPool(connections);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int worker = c;
      running.add(workers.submit(() -> {
        for (long n = 0; System.nanoTime() < deadline; n++) {
          long started = System.nanoTime();
          try {
            HttpResponse<byte[]> response = client.send(requests.request(worker, n), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 400) {
              errors.incrementAndGet();
            }
          } catch (Exception e) {
            errors.incrementAndGet();
          }
          recorder.recordValue((System.nanoTime() - started) / 1000);
          done.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> worker : running) {
      worker.get();
    }
    workers.shutdown();
    var histogram = recorder.getIntervalHistogram();
    return new LoadResult(done.get() / (double) duration.toSeconds(),
        histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0, errors.get());
  }
}
