package io.github.httpcache.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ThrottledCountTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final Deque<OptionalLong> answers = new ArrayDeque<>();
  private final ThrottledCount count = new ThrottledCount(answers::removeFirst, Duration.ofSeconds(30), clock);

  @Test
  void countIsReusedUntilItIsMaxAgeOld() {
    answers.addAll(List.of(OptionalLong.of(1), OptionalLong.of(2)));

    OptionalLong first = count.get();
    clock.advance(Duration.ofSeconds(29));
    OptionalLong reused = count.get();
    clock.advance(Duration.ofSeconds(1));
    OptionalLong retaken = count.get();

    assertEquals(List.of(OptionalLong.of(1), OptionalLong.of(1), OptionalLong.of(2)), List.of(first, reused, retaken));
  }

  @Test
  void failedCountIsRetriedOnTheNextRead() {
    answers.addAll(List.of(OptionalLong.empty(), OptionalLong.of(5)));

    OptionalLong failed = count.get();
    OptionalLong retried = count.get();

    assertEquals(List.of(OptionalLong.empty(), OptionalLong.of(5)), List.of(failed, retried));
  }

  private long changes;
  private final ThrottledCount followingChanges =
      new ThrottledCount(answers::removeFirst, Duration.ofSeconds(30), Duration.ofMillis(250), () -> changes, clock);

  @Test
  void aChangeOnThisNodeIsCountedOnTheNextReadOnceTheMinimumIntervalHasPassed() {
    answers.addAll(List.of(OptionalLong.of(1), OptionalLong.of(2), OptionalLong.of(3)));

    OptionalLong first = followingChanges.get();
    OptionalLong unchanged = followingChanges.get();
    changes++;
    clock.advance(Duration.ofMillis(250));
    OptionalLong afterChange = followingChanges.get();
    changes++;
    long started = System.nanoTime();
    OptionalLong soonAfter = followingChanges.get();
    long waitedMillis = (System.nanoTime() - started) / 1_000_000;

    assertEquals(List.of(OptionalLong.of(1), OptionalLong.of(1), OptionalLong.of(2), OptionalLong.of(3)),
        List.of(first, unchanged, afterChange, soonAfter));
    assertEquals(true, waitedMillis >= 200, "waited " + waitedMillis + " ms before walking again");
  }
}
