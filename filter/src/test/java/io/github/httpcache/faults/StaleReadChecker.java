package io.github.httpcache.faults;

import io.github.httpcache.faults.Load.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks every read against the origin's commit order: a stale read is a GET that started after a
 * write of the same resource (a PUT, a POST by pattern, or a purge of everything) had answered 200
 * (on any node) and returned an older version than that write committed. Versions are the
 * origin's commit order, so "older" is "smaller".
 */
final class StaleReadChecker {
  private StaleReadChecker() {
  }

  /** A read that missed {@code write}, which had answered 200 before the read started. */
  record StaleRead(Op read, Op write) {
    String describe(long runStart) {
      return String.format("%s: GET on node %d started at %.3f s, answered v%d (%s), but %s v%d had answered 200"
              + " on node %d at %.3f s", read.key(), read.node(), seconds(read.startedAt() - runStart), read.version(),
          read.hit() ? "HIT" : "not a hit", write.kind(), write.version(), write.node(),
          seconds(write.endedAt() - runStart));
    }
  }

  /** Every stale read, in the order they started. */
  static List<StaleRead> staleReads(List<Op> ops) {
    Map<String, List<Op>> byKey = ops.stream().collect(Collectors.groupingBy(Op::key));
    List<StaleRead> stale = new ArrayList<>();
    byKey.values().forEach(keyOps -> {
      List<Op> writes = keyOps.stream().filter(op -> op.put() && op.status() == 200)
          .sorted(Comparator.comparingLong(Op::endedAt)).toList();
      long[] endedAt = writes.stream().mapToLong(Op::endedAt).toArray();
      Op[] newestSoFar = new Op[writes.size()];
      for (int i = 0; i < writes.size(); i++) {
        Op previous = i == 0 ? null : newestSoFar[i - 1];
        newestSoFar[i] = previous != null && previous.version() >= writes.get(i).version() ? previous : writes.get(i);
      }
      for (Op read : keyOps) {
        if (read.put() || read.status() != 200) {
          continue;
        }
        int before = countBelow(endedAt, read.startedAt());
        Op mustSee = before == 0 ? null : newestSoFar[before - 1];
        if (mustSee != null && read.version() < mustSee.version()) {
          stale.add(new StaleRead(read, mustSee));
        }
      }
    });
    stale.sort(Comparator.comparingLong(staleRead -> staleRead.read().startedAt()));
    return stale;
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** How many of the sorted {@code values} are below {@code limit}. */
  private static int countBelow(long[] values, long limit) {
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
}
