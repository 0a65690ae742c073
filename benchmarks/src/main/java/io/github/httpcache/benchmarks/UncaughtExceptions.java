package io.github.httpcache.benchmarks;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread group that counts the exceptions its threads did not catch, by thread name (digits
 * dropped), instead of printing them. A benchmark runs the server inside it: Jetty's and the
 * filter's background threads inherit the group, so an exception escaping one of them is a figure
 * to report, not a failure of {@code exec:java} (whose own group fails the build on any).
 */
final class UncaughtExceptions extends ThreadGroup {
  private final Map<String, AtomicLong> byThread = new ConcurrentHashMap<>();
  private final Map<String, String> firstMessage = new ConcurrentHashMap<>();

  UncaughtExceptions() {
    super(Thread.currentThread().getThreadGroup().getParent(), "bench-uncaught");
  }

  @Override
  public void uncaughtException(Thread thread, Throwable e) {
    String name = thread.getName().replaceAll("[0-9]+", "N");
    byThread.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    firstMessage.putIfAbsent(name, e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  /** Runs {@code body} on a thread of this group and returns its result. */
  <T> T run(Callable<T> body) throws Exception {
    FutureTask<T> task = new FutureTask<>(body);
    Thread thread = new Thread(this, task, "bench-main");
    thread.start();
    try {
      return task.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** How many so far, in all threads. */
  long total() {
    return byThread.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Thread name, count and the first one's message, for the report. */
  String describe() {
    StringBuilder text = new StringBuilder();
    byThread.forEach((name, count) -> text.append(String.format("%n- %s: %d (first: %s)", name, count.get(),
        firstMessage.get(name))));
    return text.length() == 0 ? " none" : text.toString();
  }
}
