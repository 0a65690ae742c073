package io.github.httpcache.faults;

import io.github.httpcache.faults.Load.Op;
import io.github.httpcache.faults.StaleReadChecker.StaleRead;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What one fault case saw: traffic, stale reads (described, with when they happened relative to
 * the fault), 5xx, requests that got no response, and how long until caching resumed.
 */
record CaseReport(String name, int operations, int reads, int writes, long hits, List<String> staleReads,
    String staleWindow, int serverErrors, List<String> failures, OptionalDouble secondsToFirstHit, double seconds,
    String timeline) {

  /** When, in seconds since the clients started, the fault was injected and healed. */
  record Timeline(long runStart, long injectedAt, long healedAt) {
    double at(long nanoTime) {
      return StaleReadChecker.seconds(nanoTime - runStart);
    }

    @Override
    public String toString() {
      return String.format("fault from %.1f s to %.1f s", at(injectedAt), at(healedAt));
    }
  }

  static CaseReport of(String name, List<Op> ops, Timeline timeline, OptionalDouble secondsToFirstHit, long began,
      String figures) {
    List<StaleRead> stale = StaleReadChecker.staleReads(ops);
    String staleWindow = stale.isEmpty() ? "" : String.format(" (%d HIT), from %.2f s to %.2f s",
        stale.stream().filter(s -> s.read().hit()).count(), timeline.at(stale.get(0).read().startedAt()),
        timeline.at(stale.get(stale.size() - 1).read().startedAt()));
    return new CaseReport(name, ops.size(),
        (int) ops.stream().filter(op -> !op.put()).count(),
        (int) ops.stream().filter(Op::put).count(),
        ops.stream().filter(Op::hit).count(),
        stale.stream().map(s -> s.describe(timeline.runStart())).toList(), staleWindow,
        (int) ops.stream().filter(op -> op.status() >= 500).count(),
        ops.stream().filter(op -> !op.failure().isEmpty()).map(op -> op.key() + " on node " + op.node() + ": " + op.failure())
            .toList(),
        secondsToFirstHit, StaleReadChecker.seconds(System.nanoTime() - began),
        timeline + (figures.isEmpty() ? "" : ", " + figures));
  }

  /** A case whose app nodes the filter refused to start for the topology it was given (the contract allows it). */
  static CaseReport refused(String name, String why, double seconds) {
    return new CaseReport(name, 0, 0, 0, 0, List.of(), "", 0, List.of(), OptionalDouble.empty(), seconds,
        "refused at startup: " + why);
  }

  String firstStaleRead() {
    return staleReads.isEmpty() ? "-" : staleReads.get(0);
  }

  String firstHit() {
    if (operations == 0) {
      return "-";
    }
    return secondsToFirstHit.isPresent() ? String.format("%.2f s", secondsToFirstHit.getAsDouble()) : "none in 30 s";
  }

  String line() {
    if (operations == 0) {
      return String.format("Fault case %s: %s", name, timeline);
    }
    return String.format("Fault case %s: %d operations (%d GET, %d PUT, %d HIT), %d stale reads%s, %d 5xx,"
            + " %d failed requests, first HIT %s after healing, %.1f s in all; %s%n  first stale read: %s",
        name, operations, reads, writes, hits, staleReads.size(), staleWindow, serverErrors, failures.size(), firstHit(),
        seconds, timeline, firstStaleRead());
  }

  static String tableHeader() {
    return String.format("%-34s %7s %6s %4s %6s %10s %6s  %s%n", "case", "ops", "stale", "5xx", "failed", "first HIT",
        "took", "timeline and figures");
  }

  String tableRow() {
    return String.format("%-34s %7d %6d %4d %6d %10s %5.1fs  %s%n", name, operations, staleReads.size(), serverErrors,
        failures.size(), firstHit(), seconds, timeline);
  }
}
