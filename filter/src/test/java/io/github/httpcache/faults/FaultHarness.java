package io.github.httpcache.faults;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.faults.Load.Op;
import io.github.httpcache.metrics.MetricNames;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Runs one fault case: starts the topology and the app nodes, runs the clients, injects the fault
 * after a quarter of the load time, heals it after another quarter, keeps the clients on for the
 * second half (and until the first HIT, at most {@link #RESUME_BUDGET}), then checks every read.
 * {@code -Dfaults.seconds=N} sets the load time of each case (default 8).
 */
final class FaultHarness {
  static final Duration LOAD = Duration.ofSeconds(Long.getLong("faults.seconds", 8));
  /** Generous: caching must resume by itself, but how fast is reported, not asserted. */
  static final Duration RESUME_BUDGET = Duration.ofSeconds(30);
  private static final ConcurrentLinkedQueue<CaseReport> REPORTS = new ConcurrentLinkedQueue<>();

  private FaultHarness() {
  }

  /** Runs the case, prints its figures, and asserts: 0 stale reads, 0 5xx, 0 failed requests, a HIT after healing. */
  static <T extends Topology> CaseReport check(String name, Supplier<T> topology, Fault<T> fault) throws Exception {
    CaseReport report = run(name, topology, fault);
    REPORTS.add(report);
    System.out.println(report.line());
    assertAll(name,
        () -> assertTrue(report.reads() >= 100 && report.writes() >= 20, "too little traffic to mean anything"),
        () -> assertEquals(List.of(), report.staleReads().subList(0, Math.min(5, report.staleReads().size())),
            report.staleReads().size() + " stale reads"),
        () -> assertEquals(0, report.serverErrors(), "responses with a 5xx status"),
        () -> assertEquals(List.of(), report.failures().subList(0, Math.min(5, report.failures().size())),
            report.failures().size() + " requests got no response"),
        () -> assertTrue(report.secondsToFirstHit().isPresent(), "no HIT within " + RESUME_BUDGET + " of healing"));
    return report;
  }

  /**
   * As {@link #check}, where the contract lets the filter refuse the topology instead: a refusal at
   * startup whose message names {@code setting} passes (and is reported); any other outcome is checked.
   */
  static <T extends Topology> void checkUnlessRefused(String name, Supplier<T> topology, Fault<T> fault, String setting)
      throws Exception {
    long began = System.nanoTime();
    try {
      check(name, topology, fault);
    } catch (StartupRefused refused) {
      CaseReport report = CaseReport.refused(name, refused.getMessage(), StaleReadChecker.seconds(System.nanoTime() - began));
      REPORTS.add(report);
      System.out.println(report.line());
      assertTrue(refused.getMessage().contains(setting), "the filter did not start, and did not say it was for " + setting
          + ": " + refused.getMessage());
    }
  }

  /** The app nodes did not start, with the innermost cause's message: the filter refused its configuration. */
  static final class StartupRefused extends Exception {
    private static final long serialVersionUID = 1L;

    StartupRefused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return String.valueOf(cause.getMessage());
  }

  /** The case itself: load for {@link #LOAD}, the fault from its first quarter to its second, then recovery. */
  static <T extends Topology> CaseReport run(String name, Supplier<T> topology, Fault<T> fault) throws Exception {
    long began = System.nanoTime();
    try (Rig<T> rig = new Rig<>(topology.get())) {
      try {
        for (int i = 0; i < fault.nodesAtStart(); i++) {
          rig.startNode(i);
        }
      } catch (Exception e) {
        throw new StartupRefused(rootMessage(e), e);
      }
      Load load = new Load(rig, fault.keys());
      long runStart = System.nanoTime();
      load.start();
      try {
        Thread.sleep(LOAD.toMillis() / 4);
        long injectedAt = System.nanoTime();
        fault.inject(rig);
        Thread.sleep(LOAD.toMillis() / 4);
        fault.heal(rig);
        long healedAt = System.nanoTime();
        load.healed(healedAt, fault.recoveryNode());
        sleepUntil(Math.max(runStart + LOAD.toNanos(), healedAt + LOAD.toNanos() / 2));
        OptionalLong firstHit = load.awaitHitAfterHeal(healedAt + RESUME_BUDGET.toNanos());
        List<Op> ops = load.stop();
        OptionalDouble toFirstHit = firstHit.isPresent()
            ? OptionalDouble.of(StaleReadChecker.seconds(firstHit.getAsLong() - healedAt)) : OptionalDouble.empty();
        return CaseReport.of(name, ops, new CaseReport.Timeline(runStart, injectedAt, healedAt), toFirstHit, began,
            join(fault.figures(rig), journaled(rig), load.figures()));
      } finally {
        load.stop(); // idempotent: here for a fault that threw
      }
    }
  }

  /**
   * Invalidations the nodes could not carry out at once (journaled instead): Redis failed them, or
   * the open breaker did not even try. Those are what other nodes may serve stale until replayed.
   */
  private static String journaled(Rig<?> rig) {
    long failed = rig.counter(MetricNames.STORE_ERRORS + ".delete");
    long refused = rig.counter(MetricNames.STORE_REFUSALS + ".delete");
    return failed + refused == 0 ? "" : String.format("invalidations journaled: %d failed in Redis, %d refused by"
        + " the breaker", failed, refused);
  }

  private static String join(String... figures) {
    return String.join(", ", java.util.Arrays.stream(figures).filter(figure -> !figure.isEmpty()).toList());
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  /** Every case run so far in this JVM, as a table. */
  static String table() {
    StringBuilder table = new StringBuilder(CaseReport.tableHeader());
    REPORTS.forEach(report -> table.append(report.tableRow()));
    return table.toString();
  }
}
