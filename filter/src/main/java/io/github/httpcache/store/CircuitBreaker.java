package io.github.httpcache.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stops paying the Redis timeout once Redis has failed {@code threshold} times in a row: while
 * open, calls are refused at once; after the open window one probe is let through (half-open),
 * and its outcome closes or re-opens the circuit. The window starts short ({@code firstWindow})
 * and doubles with each failed probe up to {@code maxWindow}, so a Redis that pauses for a moment
 * is tried again within that moment, and one that is down is not hammered. Failures reported while
 * open by calls that started before it opened do not extend it. A caller may wait for that first
 * window's outcome ({@link #awaitRecovery}) instead of giving up. Small enough not to need a library.
 */
public final class CircuitBreaker {
  /** The states, exported as a gauge: 0 closed, 1 half-open, 2 open. */
  public enum State {
    CLOSED,
    HALF_OPEN,
    OPEN
  }

  private final int threshold;
  private final long firstWindowMillis;
  private final long maxWindowMillis;
  private final Clock clock;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicLong openedAt = new AtomicLong(-1);
  private final AtomicLong windowMillis = new AtomicLong();
  private final AtomicLong probeStartedAt = new AtomicLong(-1);
  private static final long CLOSED_RETRY_MILLIS = 5;
  /** Waited on by {@link #awaitRecovery}; notified when the circuit closes or re-opens. */
  private final Object changes = new Object();

  public CircuitBreaker(int threshold, Duration firstWindow, Duration maxWindow, Clock clock) {
    this.threshold = threshold;
    this.maxWindowMillis = maxWindow.toMillis();
    this.firstWindowMillis = Math.min(firstWindow.toMillis(), maxWindowMillis);
    this.clock = clock;
  }

  /** Whether a call may go to Redis now; in half-open state only one caller gets a yes. */
  public boolean allowsCall() {
    long opened = openedAt.get();
    if (opened < 0) {
      return true;
    }
    long now = clock.millis();
    long window = windowMillis.get();
    if (now - opened < window) {
      return false;
    }
    long probe = probeStartedAt.get();
    // One probe at a time; a probe that never reported back is replaced after another window.
    return (probe < 0 || now - probe >= window) && probeStartedAt.compareAndSet(probe, now);
  }

  public void recordSuccess() {
    // Called on every Redis answer from every thread: read first, so a healthy breaker's fields
    // stay shared in each core's cache instead of being written (and invalidated) per request.
    if (consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0);
    }
    if (probeStartedAt.get() >= 0) {
      probeStartedAt.set(-1);
    }
    if (openedAt.get() >= 0) {
      openedAt.set(-1);
      changed();
    }
  }

  public void recordFailure() {
    if (openedAt.get() < 0) {
      if (consecutiveFailures.incrementAndGet() >= threshold) {
        open(firstWindowMillis);
      }
    } else if (probeStartedAt.get() >= 0) {
      // The probe failed: wait twice as long before the next one.
      open(Math.min(windowMillis.get() * 2, maxWindowMillis));
    }
  }

  private void open(long window) {
    windowMillis.set(window);
    openedAt.set(clock.millis());
    probeStartedAt.set(-1);
    changed();
  }

  private void changed() {
    synchronized (changes) {
      changes.notifyAll();
    }
  }

  /**
   * Not declared down: closed, or open in its first, short window (Redis stopped answering moments
   * ago and may be back within it). False once a probe failed and the window grew.
   */
  public boolean mayRecoverSoon() {
    return openedAt.get() < 0 || windowMillis.get() == firstWindowMillis;
  }

  /**
   * Until a call may be tried again: after a few milliseconds while closed; in the first window,
   * until the circuit closes (another call's answer) or the window ends with a probe free. False when it re-opened
   * for longer (Redis is down, not paused) or {@code deadlineNanos} ({@link System#nanoTime()}) came first.
   */
  public boolean awaitRecovery(long deadlineNanos) {
    synchronized (changes) {
      while (true) {
        long opened = openedAt.get();
        if (opened < 0) {
          // A failure can be instant (a refused connection): a short breath, not a spin, before asking again.
          return waitForChange(Math.min(CLOSED_RETRY_MILLIS, (deadlineNanos - System.nanoTime()) / 1_000_000))
              && deadlineNanos - System.nanoTime() > 0;
        }
        long window = windowMillis.get();
        long sinceOpened = clock.millis() - opened;
        if (window != firstWindowMillis) {
          return false;
        }
        if (sinceOpened >= window && probeStartedAt.get() < 0) {
          return true;
        }
        long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (leftMillis <= 0 || !waitForChange(Math.min(leftMillis, sinceOpened < window ? window - sinceOpened : leftMillis))) {
          return false;
        }
      }
    }
  }

  /** False if interrupted (the interrupt is kept for the caller). */
  private boolean waitForChange(long millis) {
    try {
      changes.wait(Math.max(1, millis));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public State state() {
    long opened = openedAt.get();
    if (opened < 0) {
      return State.CLOSED;
    }
    return clock.millis() - opened < windowMillis.get() ? State.OPEN : State.HALF_OPEN;
  }
}
