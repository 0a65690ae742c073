package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.store.CircuitBreaker.State;
import io.github.httpcache.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private static final int THRESHOLD = 3;
  private static final Duration OPEN_FOR = Duration.ofSeconds(5);

  private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
  private final CircuitBreaker breaker = new CircuitBreaker(THRESHOLD, OPEN_FOR, OPEN_FOR, clock);

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      breaker.recordFailure();
    }
  }

  @Test
  void newBreakerIsClosedAndAllowsCalls() {
    assertAll(
        () -> assertEquals(State.CLOSED, breaker.state()),
        () -> assertTrue(breaker.allowsCall()));
  }

  @Test
  void staysClosedBelowTheThresholdOfConsecutiveFailures() {
    fail(THRESHOLD - 1);

    assertAll(
        () -> assertEquals(State.CLOSED, breaker.state()),
        () -> assertTrue(breaker.allowsCall()));
  }

  @Test
  void opensAtTheThresholdOfConsecutiveFailures() {
    fail(THRESHOLD);

    assertEquals(State.OPEN, breaker.state());
  }

  @Test
  void successResetsTheFailureCount() {
    fail(THRESHOLD - 1);
    breaker.recordSuccess();
    fail(THRESHOLD - 1);

    assertAll(
        () -> assertEquals(State.CLOSED, breaker.state()),
        () -> assertTrue(breaker.allowsCall()));
  }

  @Test
  void openBreakerRefusesCallsUntilOpenForHasPassed() {
    fail(THRESHOLD);
    clock.advance(OPEN_FOR.minusMillis(1));

    assertAll(
        () -> assertFalse(breaker.allowsCall()),
        () -> assertFalse(breaker.allowsCall()),
        () -> assertEquals(State.OPEN, breaker.state()));
  }

  @Test
  void afterOpenForTheBreakerIsHalfOpen() {
    fail(THRESHOLD);
    clock.advance(OPEN_FOR);

    assertEquals(State.HALF_OPEN, breaker.state());
  }

  @Test
  void halfOpenBreakerLetsExactlyOneProbeThrough() {
    fail(THRESHOLD);
    clock.advance(OPEN_FOR);

    assertAll(
        () -> assertTrue(breaker.allowsCall()),
        () -> assertFalse(breaker.allowsCall()),
        () -> assertFalse(breaker.allowsCall()));
  }

  @Test
  void concurrentCallersGetOneProbeBetweenThem() throws Exception {
    fail(THRESHOLD);
    clock.advance(OPEN_FOR);
    int callers = 16;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Boolean>> answers = new ArrayList<>();
      Callable<Boolean> caller = () -> {
        start.await();
        return breaker.allowsCall();
      };
      for (int i = 0; i < callers; i++) {
        answers.add(pool.submit(caller));
      }
      start.countDown();
      int probes = 0;
      for (Future<Boolean> answer : answers) {
        probes += answer.get() ? 1 : 0;
      }

      assertEquals(1, probes);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void successfulProbeClosesTheBreaker() {
    fail(THRESHOLD);
    clock.advance(OPEN_FOR);
    breaker.allowsCall();

    breaker.recordSuccess();

    assertAll(
        () -> assertEquals(State.CLOSED, breaker.state()),
        () -> assertTrue(breaker.allowsCall()),
        () -> assertTrue(breaker.allowsCall()));
  }

  @Test
  void closedAfterAProbeTheBreakerNeedsTheFullThresholdAgain() {
    fail(THRESHOLD);
    clock.advance(OPEN_FOR);
    breaker.allowsCall();
    breaker.recordSuccess();

    fail(THRESHOLD - 1);

    assertEquals(State.CLOSED, breaker.state());
  }

  @Test
  void failedProbeReopensTheBreakerForAnotherPeriod() {
    fail(THRESHOLD);
    clock.advance(OPEN_FOR);
    breaker.allowsCall();

    breaker.recordFailure();
    clock.advance(OPEN_FOR.minusMillis(1));

    assertAll(
        () -> assertEquals(State.OPEN, breaker.state()),
        () -> assertFalse(breaker.allowsCall()));
  }

  @Test
  void afterAFailedProbeAndAnotherPeriodANewProbeIsAllowed() {
    fail(THRESHOLD);
    clock.advance(OPEN_FOR);
    breaker.allowsCall();
    breaker.recordFailure();

    clock.advance(OPEN_FOR);

    assertTrue(breaker.allowsCall());
  }

  @Test
  void probeThatNeverReportsIsReplacedAfterAnotherPeriod() {
    fail(THRESHOLD);
    clock.advance(OPEN_FOR);
    breaker.allowsCall();
    clock.advance(OPEN_FOR.minusMillis(1));
    boolean beforeThePeriod = breaker.allowsCall();
    clock.advance(Duration.ofMillis(1));

    assertAll(
        () -> assertFalse(beforeThePeriod),
        () -> assertTrue(breaker.allowsCall()));
  }

  @Test
  void thresholdOfOneOpensOnTheFirstFailure() {
    CircuitBreaker eager = new CircuitBreaker(1, OPEN_FOR, OPEN_FOR, clock);

    eager.recordFailure();

    assertFalse(eager.allowsCall());
  }

  @Test
  void theFirstWindowIsShortAndEachFailedProbeDoublesItUpToTheLongest() {
    CircuitBreaker adaptive = new CircuitBreaker(THRESHOLD, Duration.ofMillis(200), Duration.ofMillis(700), clock);
    for (int i = 0; i < THRESHOLD; i++) {
      adaptive.recordFailure();
    }
    List<Long> windows = new ArrayList<>();
    for (int probe = 0; probe < 4; probe++) {
      long waited = 0;
      while (!adaptive.allowsCall()) {
        clock.advance(Duration.ofMillis(10));
        waited += 10;
      }
      windows.add(waited);
      adaptive.recordFailure();
    }

    assertEquals(List.of(200L, 400L, 700L, 700L), windows);
  }

  @Test
  void failuresOfCallsStartedBeforeItOpenedDoNotExtendTheWindow() {
    CircuitBreaker adaptive = new CircuitBreaker(THRESHOLD, Duration.ofMillis(200), Duration.ofSeconds(5), clock);
    for (int i = 0; i < THRESHOLD; i++) {
      adaptive.recordFailure();
    }
    clock.advance(Duration.ofMillis(150));
    adaptive.recordFailure();
    adaptive.recordFailure();
    clock.advance(Duration.ofMillis(50));

    assertAll(
        () -> assertEquals(State.HALF_OPEN, adaptive.state()),
        () -> assertTrue(adaptive.allowsCall()));
  }

  @Test
  void aSuccessfulProbeStartsTheNextOpeningFromTheFirstWindowAgain() {
    CircuitBreaker adaptive = new CircuitBreaker(1, Duration.ofMillis(200), Duration.ofSeconds(5), clock);
    adaptive.recordFailure();
    clock.advance(Duration.ofMillis(200));
    adaptive.allowsCall();
    adaptive.recordFailure();
    clock.advance(Duration.ofMillis(400));
    adaptive.allowsCall();
    adaptive.recordSuccess();

    adaptive.recordFailure();
    clock.advance(Duration.ofMillis(200));

    assertTrue(adaptive.allowsCall());
  }

  /** Far enough ahead that only the breaker's state, never the deadline, ends a wait in these tests. */
  private static long generousDeadline() {
    return System.nanoTime() + Duration.ofSeconds(30).toNanos();
  }

  @Test
  void aWaitInTheFirstWindowEndsTrueWhenAnotherCallsAnswerClosesTheCircuit() throws Exception {
    CircuitBreaker adaptive = new CircuitBreaker(1, Duration.ofMillis(200), Duration.ofSeconds(5), clock);
    adaptive.recordFailure();
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> recovered = waiter.submit(() -> adaptive.awaitRecovery(generousDeadline()));
      Thread.sleep(50);
      adaptive.recordSuccess();

      assertTrue(recovered.get(10, java.util.concurrent.TimeUnit.SECONDS));
    } finally {
      waiter.shutdownNow();
    }
  }

  @Test
  void aWaitEndsTrueWhenTheFirstWindowIsOverAndAProbeIsFree() {
    CircuitBreaker adaptive = new CircuitBreaker(1, Duration.ofMillis(200), Duration.ofSeconds(5), clock);
    adaptive.recordFailure();
    clock.advance(Duration.ofMillis(200));

    assertAll(
        () -> assertTrue(adaptive.mayRecoverSoon()),
        () -> assertTrue(adaptive.awaitRecovery(generousDeadline())),
        () -> assertTrue(adaptive.allowsCall(), "the waiter may be the probe"));
  }

  @Test
  void aWaitEndsFalseWhenTheProbeFailsAndTheWindowGrows() throws Exception {
    CircuitBreaker adaptive = new CircuitBreaker(1, Duration.ofMillis(200), Duration.ofSeconds(5), clock);
    adaptive.recordFailure();
    clock.advance(Duration.ofMillis(200));
    assertTrue(adaptive.allowsCall());
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> recovered = waiter.submit(() -> adaptive.awaitRecovery(generousDeadline()));
      Thread.sleep(50);
      adaptive.recordFailure();

      assertAll(
          () -> assertFalse(recovered.get(10, java.util.concurrent.TimeUnit.SECONDS)),
          () -> assertFalse(adaptive.mayRecoverSoon(), "Redis is down, not paused: no one waits for it now"));
    } finally {
      waiter.shutdownNow();
    }
  }

  @Test
  void aWaitEndsFalseAtItsDeadlineWhileTheWindowLasts() {
    CircuitBreaker adaptive = new CircuitBreaker(1, Duration.ofSeconds(60), Duration.ofSeconds(60), clock);
    adaptive.recordFailure();
    long started = System.nanoTime();

    assertFalse(adaptive.awaitRecovery(started + Duration.ofMillis(100).toNanos()));
  }

  @Test
  void aClosedCircuitMayBeTriedAgainAtOnceUntilTheDeadline() {
    CircuitBreaker adaptive = new CircuitBreaker(THRESHOLD, Duration.ofMillis(200), Duration.ofSeconds(5), clock);
    adaptive.recordFailure();

    assertAll(
        () -> assertTrue(adaptive.mayRecoverSoon()),
        () -> assertTrue(adaptive.awaitRecovery(generousDeadline())),
        () -> assertFalse(adaptive.awaitRecovery(System.nanoTime() - 1)));
  }

  @Test
  void aCircuitOpenForLongerIsNotWaitedFor() {
    CircuitBreaker adaptive = new CircuitBreaker(1, Duration.ofMillis(200), Duration.ofSeconds(5), clock);
    adaptive.recordFailure();
    clock.advance(Duration.ofMillis(200));
    adaptive.allowsCall();
    adaptive.recordFailure();

    assertAll(
        () -> assertFalse(adaptive.mayRecoverSoon()),
        () -> assertFalse(adaptive.awaitRecovery(generousDeadline())));
  }
}
