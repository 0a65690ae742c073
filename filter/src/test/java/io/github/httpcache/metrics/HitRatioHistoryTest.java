package io.github.httpcache.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HitRatioHistoryTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock(START);
  private final HitRatioHistory history = new HitRatioHistory(clock, TEN_SECONDS, Duration.ofMinutes(1));

  /** Samples at START, START+10s, ... from cumulative (hits, misses) pairs. */
  private void sampleEveryTenSeconds(long... cumulative) {
    for (int i = 0; i < cumulative.length; i += 2) {
      if (i > 0) {
        clock.advance(TEN_SECONDS);
      }
      history.sample(cumulative[i], cumulative[i + 1]);
    }
  }

  @Test
  void eachPointHoldsTheCountsOfItsOwnInterval() {
    sampleEveryTenSeconds(0, 0, 3, 1, 3, 3);

    List<HitRatioHistory.Point> points = history.points(3, 3);

    assertEquals(List.of(
        new HitRatioHistory.Point(START.plusSeconds(10), 3, 1),
        new HitRatioHistory.Point(START.plusSeconds(20), 0, 2),
        new HitRatioHistory.Point(START.plusSeconds(20), 0, 0)), points);
    assertEquals(OptionalDouble.of(0.75), points.get(0).ratio());
    assertEquals(OptionalDouble.of(0.0), points.get(1).ratio());
  }

  @Test
  void intervalInProgressIsShownBeforeTheFirstTick() {
    history.sample(0, 0);
    clock.advance(Duration.ofSeconds(4));

    assertEquals(List.of(new HitRatioHistory.Point(START.plusSeconds(4), 2, 1)), history.points(2, 1));
  }

  @Test
  void intervalWithoutLookupsHasNoRatio() {
    sampleEveryTenSeconds(5, 5, 5, 5);

    assertTrue(history.points(5, 5).get(0).ratio().isEmpty());
  }

  @Test
  void ringKeepsOnlyTheWindow() {
    for (int tick = 0; tick <= 20; tick++) {
      if (tick > 0) {
        clock.advance(TEN_SECONDS);
      }
      history.sample(tick, 0);
    }

    List<HitRatioHistory.Point> points = history.points(20, 0);

    // A one-minute window at 10 s is six closed intervals, plus the one in progress.
    assertEquals(7, points.size());
    assertEquals(START.plusSeconds(150), points.get(0).end());
    assertEquals(START.plusSeconds(200), points.get(points.size() - 1).end());
  }

  @Test
  void samplesOlderThanTheWindowAreDroppedWhenTheSchedulerFallsBehind() {
    sampleEveryTenSeconds(0, 0, 1, 0, 2, 0);
    clock.advance(Duration.ofMinutes(5));

    List<HitRatioHistory.Point> points = history.points(4, 0);

    assertEquals(List.of(new HitRatioHistory.Point(START.plus(Duration.ofSeconds(20)).plus(Duration.ofMinutes(5)), 2, 0)),
        points);
  }

  @Test
  void shrinkingCountersCountAsNoTraffic() {
    sampleEveryTenSeconds(10, 10, 2, 3);

    assertEquals(new HitRatioHistory.Point(START.plusSeconds(10), 0, 0), history.points(2, 3).get(0));
  }

  @Test
  void noBaselineMeansNoPoints() {
    assertEquals(List.of(), history.points(7, 7));
  }

  @ParameterizedTest
  @CsvSource({
      "3, 1, 0, 0, 0.75",
      "0, 4, 2, 0, 0.3333333333333333",
      "1, 0, 0, 0, 1.0"})
  void overallRatioWeighsIntervalsByTheirLookups(long hits1, long misses1, long hits2, long misses2, double expected) {
    List<HitRatioHistory.Point> points = List.of(
        new HitRatioHistory.Point(START, hits1, misses1), new HitRatioHistory.Point(START, hits2, misses2));

    assertEquals(OptionalDouble.of(expected), HitRatioHistory.overall(points));
  }

  @Test
  void overallRatioIsEmptyWithoutLookups() {
    assertTrue(HitRatioHistory.overall(List.of(new HitRatioHistory.Point(START, 0, 0))).isEmpty());
  }

  @ParameterizedTest
  @CsvSource({"PT0S, PT15M", "PT-10S, PT15M", "PT10S, PT5S"})
  void rejectsAnIntervalThatIsNotPositiveOrLongerThanTheWindow(Duration interval, Duration window) {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> new HitRatioHistory(clock, interval, window));

    assertTrue(error.getMessage().contains("interval = " + interval), error.getMessage());
  }
}
