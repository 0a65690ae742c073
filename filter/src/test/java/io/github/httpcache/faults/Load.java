package io.github.httpcache.faults;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read-after-write clients: a few threads per node, each sending random GETs and writes (one in
 * five) over a small key set (20 keys unless the fault asks for more) to the live nodes in turn,
 * recording every operation's start, end and result for the {@link StaleReadChecker}. Most writes
 * are PUTs, invalidated by key; some are POSTs that commit every resource whose name starts with
 * theirs, invalidated by a pattern; a few commit every resource, then purge the whole namespace
 * through the admin endpoint, and count as written once the purge has answered. Failures are
 * recorded, never thrown: a fault must not stop the clients that are there to observe it.
 */
final class Load {
  /** One client operation, or one resource a write committed; {@code version} is -1 unless a 200 carried one; {@code failure} is empty unless no response came. */
  record Op(int node, String key, Kind kind, long startedAt, long endedAt, int status, long version, boolean hit,
      String failure) {
    boolean put() {
      return kind != Kind.GET;
    }
  }

  /** What an operation did: read, or write invalidated by key, by pattern, or by a purge of everything. */
  enum Kind {
    GET,
    PUT,
    PATTERN,
    PURGE_ALL
  }

  private static final int THREADS_PER_NODE = 3;
  /** Out of a thousand operations: writes are a fifth of them, and a few of those purge by pattern or everything. */
  private static final int PUT_PER_MILLE = 150;
  private static final int PATTERN_PER_MILLE = 40;
  private static final int PURGE_ALL_PER_MILLE = 10;

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
      List<Op> sent = send(node, keys.get(random.nextInt(keys.size())), kind(random.nextInt(1000)));
      ops.addAll(sent);
      Op op = sent.get(0);
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

  private static Kind kind(int perMille) {
    if (perMille < PURGE_ALL_PER_MILLE) {
      return Kind.PURGE_ALL;
    }
    if (perMille < PURGE_ALL_PER_MILLE + PATTERN_PER_MILLE) {
      return Kind.PATTERN;
    }
    return perMille < PURGE_ALL_PER_MILLE + PATTERN_PER_MILLE + PUT_PER_MILLE ? Kind.PUT : Kind.GET;
  }

  /** The operation's record: one op, or for a write that commits several resources, one per resource. */
  private List<Op> send(int node, String key, Kind kind) {
    long startedAt = System.nanoTime();
    try {
      return switch (kind) {
        case GET, PUT -> List.of(single(node, key, kind, startedAt));
        case PATTERN -> committed(node, kind, startedAt, rig.node(node).send("POST", "/v/" + key), OptionalInt.empty());
        case PURGE_ALL -> purgeAll(node, key, startedAt);
      };
    } catch (Exception e) {
      return List.of(new Op(node, key, kind, startedAt, System.nanoTime(), -1, -1, false, e.toString()));
    }
  }

  private Op single(int node, String key, Kind kind, long startedAt) throws Exception {
    HttpResponse<String> response = rig.node(node).send(kind == Kind.GET ? "GET" : "PUT", "/v/" + key);
    long version = response.statusCode() == 200 ? Long.parseLong(response.body().trim()) : -1;
    boolean hit = response.headers().firstValue("X-Cache").orElse("").equals("HIT");
    return new Op(node, key, kind, startedAt, System.nanoTime(), response.statusCode(), version, hit, "");
  }

  /**
   * The origin commits every resource (a DELETE, which no rule invalidates), then the admin
   * endpoint purges the namespace: the versions count as written once the purge answered 200. Its
   * 202 (Redis away: the purge is journaled, and other nodes may serve old entries until it is
   * replayed) is the documented answer: recorded, not checked as a write.
   */
  private List<Op> purgeAll(int node, String key, long startedAt) throws Exception {
    HttpResponse<String> committed = rig.node(node).send("DELETE", "/v/" + key);
    HttpResponse<String> purge = rig.node(node).send("DELETE", "/api/invalidate?all=true");
    return committed(node, Kind.PURGE_ALL, startedAt, committed, OptionalInt.of(purge.statusCode()));
  }

  /** One op per resource the write committed (its body's {@code name version} lines), with the purge's status if it had one. */
  private static List<Op> committed(int node, Kind kind, long startedAt, HttpResponse<String> write,
      OptionalInt purgeStatus) {
    long endedAt = System.nanoTime();
    int status = write.statusCode() == 200 ? purgeStatus.orElse(200) : write.statusCode();
    if (write.statusCode() != 200) {
      return List.of(new Op(node, "(all)", kind, startedAt, endedAt, status, -1, false, ""));
    }
    return write.body().lines().filter(line -> !line.isBlank()).map(line -> line.trim().split(" "))
        .map(resource -> new Op(node, resource[0], kind, startedAt, endedAt, status, Long.parseLong(resource[1]), false,
            "")).toList();
  }

  /** Counts of the multi-resource writes, for the case's figures. */
  String figures() {
    long patterns = ops.stream().filter(op -> op.kind() == Kind.PATTERN).map(Op::startedAt).distinct().count();
    long purges = ops.stream().filter(op -> op.kind() == Kind.PURGE_ALL).map(Op::startedAt).distinct().count();
    long journaled = ops.stream().filter(Load::journaledPurge).map(Op::startedAt).distinct().count();
    return String.format("%d pattern writes, %d purges of everything (%d answered 202: journaled)", patterns, purges,
        journaled);
  }

  /** A purge of everything the admin endpoint answered 202 for: journaled, as documented, not done yet. */
  static boolean journaledPurge(Op op) {
    return op.kind() == Kind.PURGE_ALL && op.status() == 202;
  }
}
