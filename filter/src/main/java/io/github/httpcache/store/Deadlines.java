package io.github.httpcache.store;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Connection;

/**
 * Ends exchanges that overrun {@code redis.timeout}. A blocked read ends by itself (the socket's
 * read timeout is {@code redis.timeout}), but a write to a frozen server blocks once the kernel's
 * buffers are full, and no socket option bounds it: this watchdog closes the connection of an
 * exchange past its deadline, which ends the write at once (and the pool drops the connection).
 */
final class Deadlines implements AutoCloseable {
  private final long timeoutNanos;
  private final Map<Connection, Long> watched = new ConcurrentHashMap<>();
  private final ScheduledExecutorService watchdog;

  Deadlines(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "http-cache-redis-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(5, timeout.toMillis() / 4);
    watchdog.scheduleWithFixedDelay(this::closeOverdue, period, period, TimeUnit.MILLISECONDS);
  }

  /** When an exchange starting now must be over (System.nanoTime). */
  long deadline() {
    return System.nanoTime() + timeoutNanos;
  }

  /** How long a {@code WAIT} inside a fresh exchange may block: the budget, less a margin to read its answer. */
  long millisLeft() {
    return Math.max(1, timeoutNanos / 1_000_000 * 4 / 5);
  }

  void watch(Connection connection, long deadline) {
    watched.put(connection, deadline);
  }

  void release(Connection connection) {
    watched.remove(connection);
  }

  private void closeOverdue() {
    long now = System.nanoTime();
    watched.forEach((connection, deadline) -> {
      if (now - deadline > 0 && watched.remove(connection, deadline)) {
        connection.setBroken();
        try {
          connection.forceDisconnect();
        } catch (java.io.IOException | RuntimeException ignored) {
          // Closing is all that was wanted; the blocked exchange now fails and is counted.
        }
      }
    });
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }
}
