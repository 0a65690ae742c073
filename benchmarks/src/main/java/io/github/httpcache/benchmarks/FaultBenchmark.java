package io.github.httpcache.benchmarks;

import io.github.httpcache.testing.RedisFixture;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.server.Server;

/**
 * Fault figures, printed, never asserted: a stampede (100 concurrent requests for a cold key over
 * two nodes with the fill lease: how many origin calls) and an outage (Redis frozen with SIGSTOP
 * for 5 s under load: errors, p99 during the freeze, time until the first hit after it thaws).
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -pl benchmarks exec:java
 * -Dbench.main=io.github.httpcache.benchmarks.FaultBenchmark}.
 */
public final class FaultBenchmark {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FaultBenchmark() {}

  /** Takes 50 ms and counts its calls. */
  static final class CountingOrigin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicInteger calls = new AtomicInteger();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      calls.incrementAndGet();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      response.setContentType("text/plain");
      response.getWriter().write("body of " + request.getPathInfo());
    }
  }

  public static void main(String[] args) throws Exception {
    try (RedisFixture redis = RedisFixture.startProcess()) {
      CountingOrigin origin = new CountingOrigin();
      Server nodeA = node(redis.url(), origin);
      Server nodeB = node(redis.url(), origin);
      try {
        stampede(port(nodeA), port(nodeB), origin);
        outage(port(nodeA), redis);
      } finally {
        nodeA.stop();
        nodeB.stop();
      }
    }
  }

  private static void stampede(int portA, int portB, CountingOrigin origin) throws Exception {
    int clients = 100;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      int port = i % 2 == 0 ? portA : portB;
      pending.add(pool.submit(() -> {
        go.await();
        return get(port, "/v/stampede");
      }));
    }
    int before = origin.calls.get();
    go.countDown();
    int ok = 0;
    for (Future<HttpResponse<String>> response : pending) {
      ok += response.get().statusCode() == 200 ? 1 : 0;
    }
    pool.shutdown();
    System.out.printf("%nStampede: %d concurrent requests for a cold key over two nodes (fill lease on): "
        + "%d answered 200, %d origin call(s)%n", clients, ok, origin.calls.get() - before);
  }

  /** One sample of the outage run: when it started (ms into the run), how long it took, and what it was. */
  record Sample(long startedAt, long micros, int status, String xCache) {}

  private static void outage(int port, RedisFixture redis) throws Exception {
    get(port, "/v/hot");
    long runMillis = 15_000;
    long pauseAt = 5_000;
    long resumeAt = 10_000;
    ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 8; i++) {
      pool.submit(() -> {
        while ((System.nanoTime() - start) / 1_000_000 < runMillis) {
          long began = System.nanoTime();
          int status;
          String xCache;
          try {
            HttpResponse<String> response = get(port, "/v/hot");
            status = response.statusCode();
            xCache = response.headers().firstValue("X-Cache").orElse("");
          } catch (Exception e) {
            status = -1;
            xCache = "";
          }
          samples.add(new Sample((began - start) / 1_000_000, (System.nanoTime() - began) / 1000, status, xCache));
        }
        return null;
      });
    }
    Thread.sleep(pauseAt);
    redis.pause();
    Thread.sleep(resumeAt - pauseAt);
    redis.resume();
    pool.shutdown();
    pool.awaitTermination(runMillis + 30_000, java.util.concurrent.TimeUnit.MILLISECONDS);

    Histogram during = new Histogram(3);
    long errors = 0;
    long firstHitAfter = -1;
    for (Sample sample : samples) {
      errors += sample.status() == 200 ? 0 : 1;
      if (sample.startedAt() >= pauseAt && sample.startedAt() < resumeAt) {
        during.recordValue(sample.micros());
      }
      if (sample.startedAt() >= resumeAt && sample.xCache().equals("HIT")
          && (firstHitAfter < 0 || sample.startedAt() < firstHitAfter)) {
        firstHitAfter = sample.startedAt();
      }
    }
    System.out.printf("Outage: Redis frozen for %d s under 8 clients: %d requests, %d errors; during the freeze "
            + "%d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms; first hit %s after Redis returned%n",
        (resumeAt - pauseAt) / 1000, samples.size(), errors, during.getTotalCount(),
        during.getValueAtPercentile(50) / 1000.0, during.getValueAtPercentile(99) / 1000.0, during.getMaxValue() / 1000.0,
        firstHitAfter < 0 ? "never" : (firstHitAfter - resumeAt) + " ms");
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int port(Server server) {
    return BenchServers.port(server);
  }

  private static Server node(String redisUrl, CountingOrigin origin) throws Exception {
    return BenchServers.startLoopback(BenchServers.filtered("/", Map.of("redis.url", redisUrl,
        "cache.fill-lease", "5s",
        "redis.breaker.open-for", "1s",
        "route.v.path", "/v/{name}",
        "route.v.ttl", "1h"), Map.of("/v/*", origin)));
  }
}
