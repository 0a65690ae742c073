package io.github.httpcache.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Sentinel-managed Redis of real processes on loopback: a master, one replica, and three
 * Sentinels with a quorum of two, tuned to fail over within seconds (a master is down after 1 s
 * without answering). Each node is a {@link RedisProcess}, so a test can freeze the replica, kill
 * the master and watch the Sentinels promote what is left. {@link #close()} stops exactly these.
 */
public final class RedisSentinelGroup implements AutoCloseable {
  public static final String MASTER_NAME = "faultmaster";
  private static final Duration SETTLE_BUDGET = Duration.ofSeconds(30);

  private final List<RedisProcess> dataNodes = new ArrayList<>();
  private final List<RedisProcess> sentinels = new ArrayList<>();

  private RedisSentinelGroup() {
  }

  /** Starts the group; {@code dataNodeArguments} go to both data nodes (such as a tiny {@code repl-backlog-size}). */
  public static RedisSentinelGroup start(List<String> dataNodeArguments) {
    RedisSentinelGroup group = new RedisSentinelGroup();
    try {
      RedisProcess master = RedisProcess.server(dataNodeArguments);
      group.dataNodes.add(master);
      List<String> replicaArguments = new ArrayList<>(dataNodeArguments);
      replicaArguments.addAll(List.of("--replicaof", master.host(), Integer.toString(master.port())));
      group.dataNodes.add(RedisProcess.server(replicaArguments));
      group.awaitReplicaInSync();
      for (int i = 0; i < 3; i++) {
        group.sentinels.add(RedisProcess.sentinel(List.of(
            "sentinel monitor " + MASTER_NAME + " " + master.host() + " " + master.port() + " 2",
            "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
            // A failover that found no good replica is retried after twice this: keep it short.
            "sentinel failover-timeout " + MASTER_NAME + " 2000",
            "sentinel parallel-syncs " + MASTER_NAME + " 1")));
      }
      group.awaitSentinelsKnowEachOther();
      return group;
    } catch (RuntimeException e) {
      group.close();
      throw e;
    }
  }

  /** The Sentinels, comma-separated, as {@code redis.sentinel-nodes} takes them. */
  public String sentinelNodes() {
    return sentinels.stream().map(RedisProcess::url).collect(Collectors.joining(","));
  }

  public List<RedisProcess> sentinels() {
    return List.copyOf(sentinels);
  }

  /** Both data nodes, whatever their role now. */
  public List<RedisProcess> dataNodes() {
    return List.copyOf(dataNodes);
  }

  /** The data node the Sentinels name as master now. */
  public RedisProcess master() {
    int port = masterPortPerSentinels();
    return dataNodes.stream().filter(node -> node.port() == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("the Sentinels name an unknown master on port " + port));
  }

  /** The data node that is not {@code node}. */
  public RedisProcess other(RedisProcess node) {
    return dataNodes.get(0) == node ? dataNodes.get(1) : dataNodes.get(0);
  }

  private int masterPortPerSentinels() {
    for (RedisProcess sentinel : sentinels) {
      if (sentinel.isRunning()) {
        List<Object> address = sentinel.array("SENTINEL", "get-master-addr-by-name", MASTER_NAME);
        return Integer.parseInt((String) address.get(1));
      }
    }
    throw new IllegalStateException("no Sentinel is running");
  }

  /**
   * Waits until every Sentinel names {@code expected} as master and it says so itself (ROLE), as
   * after a failover to it.
   */
  public void awaitMaster(RedisProcess expected, Duration budget) {
    await(budget, "the Sentinels to name port " + expected.port() + " master", () -> {
      for (RedisProcess sentinel : sentinels) {
        List<Object> address = sentinel.array("SENTINEL", "get-master-addr-by-name", MASTER_NAME);
        if (Integer.parseInt((String) address.get(1)) != expected.port()) {
          return false;
        }
      }
      return "master".equals(expected.array("ROLE").get(0));
    });
  }

  private void awaitReplicaInSync() {
    RedisProcess replica = dataNodes.get(1);
    await(SETTLE_BUDGET, "the replica to sync", () -> "up".equals(replica.info("replication", "master_link_status")));
  }

  /** Sentinels find replicas and each other through hello messages every 2 s; a failover needs both. */
  private void awaitSentinelsKnowEachOther() {
    await(SETTLE_BUDGET, "the Sentinels to discover the replica and each other", () -> {
      for (RedisProcess sentinel : sentinels) {
        if (sentinel.array("SENTINEL", "replicas", MASTER_NAME).size() != 1
            || sentinel.array("SENTINEL", "sentinels", MASTER_NAME).size() != sentinels.size() - 1) {
          return false;
        }
      }
      return true;
    });
  }

  /** Condition checked every 100 ms until it holds; failures to answer count as "not yet". */
  interface Condition {
    boolean holds();
  }

  static void await(Duration budget, String what, Condition condition) {
    long deadline = System.nanoTime() + budget.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
    throw new IllegalStateException("timed out after " + budget.toSeconds() + " s waiting for " + what, last);
  }

  @Override
  public void close() {
    sentinels.forEach(RedisProcess::close);
    dataNodes.forEach(RedisProcess::close);
  }
}
