package io.github.httpcache.faults;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Runs an action every few milliseconds on its own thread until closed: a fault that keeps on happening. */
final class Repeater implements AutoCloseable {
  /** One repetition. */
  interface Action {
    void run() throws Exception;
  }

  private final Thread thread;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicReference<Exception> lastFailure = new AtomicReference<>();
  private volatile boolean stopped;

  Repeater(String name, long everyMillis, Action action) {
    thread = new Thread(() -> {
      while (!stopped) {
        try {
          action.run();
          runs.incrementAndGet();
        } catch (Exception e) {
          lastFailure.set(e);
        }
        try {
          Thread.sleep(everyMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
  }

  long runs() {
    return runs.get();
  }

  /** Stops it, and fails if any repetition failed: a fault that did not happen must not pass for one. */
  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + thread.getName(), e);
    }
    if (lastFailure.get() != null) {
      throw new IllegalStateException(thread.getName() + " failed", lastFailure.get());
    }
  }
}
