package io.github.httpcache.faults;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read-after-write clients: a few threads per node, each sending random GETs and PUTs (one in
 * five) over a small key set (20 keys unless the fault asks for more) to the live nodes in turn,
 * recording every operation's start, end and result for the {@link StaleReadChecker}. Failures are
 * recorded, never thrown: a fault must not stop the clients that are there to observe it.
 */
final class Load {
  /** One client operation; {@code version} is -1 unless a 200 carried one; {@code failure} is empty unless no response came. */
  record Op(int node, String key, boolean put, long startedAt, long endedAt, int status, long version, boolean hit,
      String failure) {
  }

  private static final int THREADS_PER_NODE = 3;
  private static final int PUT_PERCENT = 20;

  private final Rig<?> rig;
  private final List<String> keys;
  private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong firstHitAfterHeal = new AtomicLong(Long.MAX_VALUE);
  private volatile boolean stopped;
  private volatile long healedAt = Long.MAX_VALUE;
  private volatile int recoveryNode = -1;

  Load(Rig<?> rig, int keyCount) {
    this.rig = rig;
    this.keys = keys(keyCount);
  }

  private static List<String> keys(int count) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add("k" + i);
    }
    return List.copyOf(keys);
  }

  void start() {
    for (int i = 0; i < THREADS_PER_NODE * Rig.NODES; i++) {
      int id = i;
      Thread thread = new Thread(() -> run(id), "fault-client-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /** From {@code at} on, a HIT (on {@code node}, or any node for -1) counts as caching having resumed. */
  void healed(long at, int node) {
    recoveryNode = node;
    healedAt = at;
  }

  /** Waits until caching has resumed or {@code deadline} (nanoTime) passes; the time of the first HIT, or empty. */
  java.util.OptionalLong awaitHitAfterHeal(long deadline) throws InterruptedException {
    while (firstHitAfterHeal.get() == Long.MAX_VALUE && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long first = firstHitAfterHeal.get();
    return first == Long.MAX_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(first);
  }

  /** Stops the clients (each finishes the request it is in, at most its 10 s timeout) and returns every operation. */
  List<Op> stop() throws InterruptedException {
    stopped = true;
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    return new ArrayList<>(ops);
  }

  private void run(int id) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (long turn = id; !stopped; turn++) {
      List<Integer> live = rig.liveNodes();
      int node = live.get((int) (turn % live.size()));
      Op op = send(node, keys.get(random.nextInt(keys.size())), random.nextInt(100) < PUT_PERCENT);
      ops.add(op);
      if (op.hit() && op.startedAt() >= healedAt && (recoveryNode < 0 || recoveryNode == node)) {
        firstHitAfterHeal.accumulateAndGet(op.endedAt(), Math::min);
      }
      try {
        // A little think time, so six clients leave the two cores some room for Redis and Jetty.
        Thread.sleep(random.nextInt(3));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Op send(int node, String key, boolean put) {
    long startedAt = System.nanoTime();
    try {
      HttpResponse<String> response = rig.node(node).send(put ? "PUT" : "GET", "/v/" + key);
      long version = response.statusCode() == 200 ? Long.parseLong(response.body().trim()) : -1;
      boolean hit = response.headers().firstValue("X-Cache").orElse("").equals("HIT");
      return new Op(node, key, put, startedAt, System.nanoTime(), response.statusCode(), version, hit, "");
    } catch (Exception e) {
      return new Op(node, key, put, startedAt, System.nanoTime(), -1, -1, false, e.toString());
    } 
  }
}
