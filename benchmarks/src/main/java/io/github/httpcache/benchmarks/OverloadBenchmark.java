package io.github.httpcache.benchmarks;

import io.github.httpcache.metrics.MetricNames;
import io.github.httpcache.testing.RedisFixture;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * Does the cache degrade gracefully when offered more than its origin can take (issue 20)? An
 * origin that burns {@code bench.work-ms} (2) ms of CPU per request sits behind the filter on a
 * route of {@code bench.keys} (50) hot keys, requested uniformly, with a TTL of {@code bench.ttl}
 * (2 s) so that refills keep reaching the origin; Redis, Jetty and the load share the machine's
 * cores. The origin's capacity is measured first (closed loop, 16 connections, no filter); then an
 * open-loop generator ({@link OpenLoad}) offers multiples of it, and the same rates again with
 * Redis frozen 200 ms in every second (SIGSTOP bursts) and beside a CPU hog ({@code stress-ng}).
 * Each run prints offered rate, goodput (2xx/s), hit ratio, p99, origin requests/s and the filter's
 * own counts (bypass reasons, lookup failures, breaker). Figures only; nothing is asserted. The
 * configuration is the filter's defaults ({@code redis.timeout} 100 ms, breaker 5 failures / 5 s,
 * coalesce wait 5 s) plus the route.
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -pl benchmarks exec:java
 * -Dbench.main=io.github.httpcache.benchmarks.OverloadBenchmark} (options: {@code -Dbench.seconds=15
 * -Dbench.runs=0.25,1,2,4,2:stop,4:stop,2:hog -Dbench.keys=50 -Dbench.ttl=2s -Dbench.work-ms=2 -Dbench.max-in-flight=512}).
 */
public final class OverloadBenchmark {
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 15));
  private static final Duration WORK = Duration.ofMillis(Long.getLong("bench.work-ms", 2));
  private static final int KEYS = Integer.getInteger("bench.keys", 50);
  private static final String TTL = System.getProperty("bench.ttl", "2s");
  /** Multiples of the origin's capacity, each optionally with a fault: {@code 2:stop} (SIGSTOP bursts), {@code 2:hog} (stress-ng). */
  private static final List<String> RUNS = List.of(System.getProperty("bench.runs", "0.25,1,2,4,2:stop,4:stop,2:hog")
      .split(","));
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);
  private static final int MAX_IN_FLIGHT = Integer.getInteger("bench.max-in-flight", 512);

  private OverloadBenchmark() {}

  /** One run's figures, the client's and the filter's. */
  record Measured(String label, double multiple, OpenLoad.Result load, double originPerSecond,
      Map<String, Long> counts, double breakerOpenShare, long[] originPerSecondTimeline, long uncaught) {}

  /** What a run drives and watches. */
  private record Rig(OpenLoad load, URI[] pages, ServletContextHandler cached, AtomicLong originCalls,
      RedisFixture redis, UncaughtExceptions uncaught) {}

  public static void main(String[] args) throws Exception {
    UncaughtExceptions uncaught = new UncaughtExceptions();
    uncaught.run(() -> {
      benchmark(uncaught);
      return null;
    });
  }

  private static void benchmark(UncaughtExceptions uncaught) throws Exception {
    try (RedisFixture redis = RedisFixture.startProcess()) {
      AtomicLong plainCalls = new AtomicLong();
      AtomicLong originCalls = new AtomicLong();
      ServletContextHandler plain = new ServletContextHandler("/plain");
      plain.addServlet(new ServletHolder(BenchServlets.cpuBound(WORK, plainCalls)), "/page/*");
      ServletContextHandler cached = BenchServers.filtered("/", filterSettings(redis.url()),
          Map.of("/page/*", BenchServlets.cpuBound(WORK, originCalls)));
      Server server = BenchServers.startLoopback(new ContextHandlerCollection(plain, cached));
      OpenLoad load = new OpenLoad(MAX_IN_FLIGHT, CLIENT_TIMEOUT);
      try {
        String base = "http://127.0.0.1:" + BenchServers.port(server);
        double capacity = capacity(base + "/plain/page/1");
        System.out.printf("%nhttp-cache overload benchmark, %s, %d cores, Java %s; origin %d ms CPU a request, "
                + "capacity uncached %.0f req/s (closed loop, 16 connections); %d keys, TTL %s, %d s a run; filter %s%n",
            LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
            WORK.toMillis(), capacity, KEYS, TTL, RUN.toSeconds(), filterSettings(redis.url()));
        URI[] pages = new URI[KEYS];
        Arrays.setAll(pages, k -> URI.create(base + "/page/" + k));
        print(runAll(new Rig(load, pages, cached, originCalls, redis, uncaught), capacity));
        System.out.printf("%nExceptions no thread caught (the filter's and Jetty's threads):%s%n", uncaught.describe());
      } finally {
        load.close();
        server.stop();
      }
    }
  }

  /** A warm-up at 1x, then every run of {@code bench.runs}, each printed as it ends. */
  private static List<Measured> runAll(Rig rig, double capacity) throws Exception {
    rig.load().run(capacity, Duration.ofSeconds(5), n -> rig.pages()[ThreadLocalRandom.current().nextInt(KEYS)]);
    List<Measured> measured = new ArrayList<>();
    for (String run : RUNS) {
      measured.add(measure(run, capacity, rig));
      System.out.println(row(measured.get(measured.size() - 1), measured.get(0)));
      Thread.sleep(6_000); // past the breaker's default 5 s open window, and Jetty's queue drained, before the next run
    }
    return measured;
  }

  /** The route, plus {@code -Dbench.filter=key=value,...} (e.g. {@code redis.breaker.open-for=250ms}) over the defaults. */
  private static Map<String, String> filterSettings(String redisUrl) {
    Map<String, String> settings = new TreeMap<>(Map.of("redis.url", redisUrl, "route.page.path", "/page/{id}",
        "route.page.ttl", TTL));
    for (String setting : System.getProperty("bench.filter", "").split(",")) {
      if (!setting.isBlank()) {
        settings.put(setting.substring(0, setting.indexOf('=')).trim(), setting.substring(setting.indexOf('=') + 1).trim());
      }
    }
    return settings;
  }

  /** The origin's throughput at saturation, without the filter: the closed-loop Java client, 16 connections. */
  private static double capacity(String url) throws Exception {
    JavaLoad.run(url, 16, Duration.ofSeconds(3), false);
    return JavaLoad.run(url, 16, Duration.ofSeconds(10), false).requestsPerSecond();
  }

  private static Measured measure(String run, double capacity, Rig rig) throws Exception {
    String[] parts = run.split(":");
    double multiple = Double.parseDouble(parts[0]);
    Fault fault = parts.length > 1 ? Fault.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT)) : Fault.NONE;
    Map<String, Long> before = BenchServers.counters(rig.cached());
    long originBefore = rig.originCalls().get();
    long uncaughtBefore = rig.uncaught().total();
    Sampler sampler = new Sampler(rig.cached(), rig.originCalls());
    OpenLoad.Result result;
    try (AutoCloseable injected = fault.inject(rig.redis(), RUN)) {
      result = rig.load().run(multiple * capacity, RUN,
          n -> rig.pages()[ThreadLocalRandom.current().nextInt(rig.pages().length)]);
    } finally {
      sampler.stop();
    }
    Map<String, Long> counts = new TreeMap<>();
    BenchServers.counters(rig.cached()).forEach((name, after) -> {
      long delta = after - before.getOrDefault(name, 0L);
      if (delta != 0) {
        counts.put(name.substring(MetricNames.PREFIX.length()), delta);
      }
    });
    return new Measured(multiple + "x" + fault.label, multiple, result,
        (rig.originCalls().get() - originBefore) / (double) RUN.toSeconds(), counts, sampler.breakerOpenShare(),
        sampler.originTimeline(), rig.uncaught().total() - uncaughtBefore);
  }

  /** What slows Redis during a run. */
  enum Fault {
    NONE(""),
    STOP(", Redis SIGSTOP 200 ms/s"),
    HOG(", stress-ng --cpu 2");

    final String label;

    Fault(String label) {
      this.label = label;
    }

    AutoCloseable inject(RedisFixture redis, Duration run) throws IOException {
      return switch (this) {
        case NONE -> () -> { };
        case STOP -> stopBursts(redis);
        case HOG -> cpuHog(run);
      };
    }
  }

  /** Freezes the Redis this benchmark started for 200 ms of every second, until closed (then thaws it). */
  private static AutoCloseable stopBursts(RedisFixture redis) {
    ScheduledExecutorService bursts = Executors.newSingleThreadScheduledExecutor();
    bursts.scheduleAtFixedRate(() -> {
      redis.pause();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        redis.resume();
      }
    }, 500, 1_000, TimeUnit.MILLISECONDS);
    return () -> {
      bursts.shutdown();
      bursts.awaitTermination(5, TimeUnit.SECONDS);
      redis.resume();
    };
  }

  /** Two CPU-bound stress-ng workers for the run (bounded by their own timeout as well), stopped by their PID. */
  private static AutoCloseable cpuHog(Duration run) throws IOException {
    Process hog = new ProcessBuilder("stress-ng", "--cpu", "2", "--timeout", (run.toSeconds() + 5) + "s", "--quiet")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return () -> {
      hog.descendants().forEach(ProcessHandle::destroy);
      hog.destroy();
      hog.waitFor(10, TimeUnit.SECONDS);
    };
  }

  /** Samples the breaker every 50 ms and the origin's calls every second while a run lasts. */
  private static final class Sampler {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final List<Long> originAt = java.util.Collections.synchronizedList(new ArrayList<>());

    Sampler(ServletContextHandler cached, AtomicLong originCalls) {
      var breaker = BenchServers.registry(cached).getGauges().get(MetricNames.BREAKER_STATE);
      timer.scheduleAtFixedRate(() -> {
        samples.incrementAndGet();
        open.addAndGet(((Number) breaker.getValue()).intValue() != 0 ? 1 : 0);
      }, 0, 50, TimeUnit.MILLISECONDS);
      timer.scheduleAtFixedRate(() -> originAt.add(originCalls.get()), 0, 1, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException {
      timer.shutdown();
      timer.awaitTermination(5, TimeUnit.SECONDS);
    }

    double breakerOpenShare() {
      return samples.get() == 0 ? 0 : open.get() / (double) samples.get();
    }

    long[] originTimeline() {
      long[] perSecond = new long[Math.max(0, originAt.size() - 1)];
      Arrays.setAll(perSecond, s -> originAt.get(s + 1) - originAt.get(s));
      return perSecond;
    }
  }

  /** The hit ratio a perfect cache reaches at this rate: each key misses once, then hits for a TTL. */
  private static double idealHitRatio(double rate) {
    double perKeyPerTtl = rate / KEYS * ttlSeconds();
    return perKeyPerTtl / (1 + perKeyPerTtl);
  }

  private static double ttlSeconds() {
    return io.github.httpcache.config.Durations.parsePositive("bench.ttl", TTL).toMillis() / 1000.0;
  }

  private static String row(Measured m, Measured light) {
    OpenLoad.Result r = m.load();
    return String.format("| %s | %.0f | %.0f | %d | %.1f %% | %.2f | %.1f %% | %.1f | %.1f | %.0f | %.0f %% | %s | %d |",
        m.label(), r.offeredPerSecond(), r.goodputPerSecond(), r.shed() + r.failed(), 100 * r.hitRatio(),
        r.hitRatio() / light.load().hitRatio(), 100 * idealHitRatio(r.offeredPerSecond()), r.p50Millis(), r.p99Millis(),
        m.originPerSecond(), 100 * m.breakerOpenShare(), filterCounts(m.counts()), m.uncaught());
  }

  private static String filterCounts(Map<String, Long> counts) {
    StringBuilder text = new StringBuilder();
    counts.forEach((name, count) -> {
      if (!name.equals("stored-bytes") && !name.equals("stores") && !name.equals("hits")) {
        text.append(text.length() == 0 ? "" : ", ").append(name).append(' ').append(count);
      }
    });
    return text.toString();
  }

  private static void print(List<Measured> measured) {
    System.out.printf("%n| run | offered req/s | goodput 2xx/s | not 2xx (shed + failed) | hit ratio | vs %s | "
        + "ideal hit ratio | p50 ms | p99 ms | origin req/s | breaker open | filter counts | uncaught |%n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|%n", measured.get(0).label());
    measured.forEach(m -> System.out.println(row(m, measured.get(0))));
    System.out.printf("%nPer second (2xx, hits, bypasses, origin calls):%n");
    for (Measured m : measured) {
      StringBuilder line = new StringBuilder("- " + m.label() + ":");
      long[][] seconds = m.load().perSecond();
      for (int s = 0; s < seconds.length; s++) {
        line.append(String.format(" [%d %d %d %d]", seconds[s][0], seconds[s][1], seconds[s][2],
            s < m.originPerSecondTimeline().length ? m.originPerSecondTimeline()[s] : -1));
      }
      System.out.println(line);
    }
  }
}
