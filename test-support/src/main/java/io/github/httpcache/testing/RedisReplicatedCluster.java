package io.github.httpcache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A real Redis Cluster with a replica per master, of {@link RedisProcess}es on loopback, built with
 * the cluster commands themselves (ADDSLOTS, MEET, REPLICATE: no {@code redis-cli}), so a test
 * can fail a shard over with {@code CLUSTER FAILOVER}. Unlike {@link RedisClusterFixture} (masters
 * only) its nodes can be paused, killed and restarted. {@link #close()} stops exactly these.
 */
public final class RedisReplicatedCluster implements AutoCloseable {
  private static final int SLOTS = 16384;
  private static final Duration SETTLE_BUDGET = Duration.ofSeconds(30);

  private final List<RedisProcess> nodes = new ArrayList<>();
  private final Path directory;

  private RedisReplicatedCluster(Path directory) {
    this.directory = directory;
  }

  /** Starts {@code shards} masters, each with one replica, and waits until the cluster is ok and every replica synced. */
  public static RedisReplicatedCluster start(int shards) {
    RedisReplicatedCluster cluster;
    try {
      cluster = new RedisReplicatedCluster(Files.createTempDirectory("redis-replicated-cluster"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      for (int i = 0; i < 2 * shards; i++) {
        cluster.nodes.add(RedisProcess.server(List.of("--cluster-enabled", "yes",
            "--cluster-config-file", cluster.directory.resolve("nodes-" + i + ".conf").toString(),
            "--cluster-node-timeout", "2000")));
      }
      for (int i = 0; i < shards; i++) {
        // ADDSLOTS, not Redis 7's ADDSLOTSRANGE: the redis-server bundled in embedded-redis is older.
        List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        IntStream.range(SLOTS * i / shards, SLOTS * (i + 1) / shards).mapToObj(Integer::toString).forEach(addSlots::add);
        cluster.nodes.get(i).command(addSlots.toArray(String[]::new));
      }
      for (RedisProcess node : cluster.nodes.subList(1, cluster.nodes.size())) {
        cluster.nodes.get(0).command("CLUSTER", "MEET", node.host(), Integer.toString(node.port()));
      }
      cluster.awaitEveryNode("every node to know the others", node ->
          node.command("CLUSTER", "INFO").contains("cluster_known_nodes:" + cluster.nodes.size()));
      for (int i = 0; i < shards; i++) {
        String masterId = cluster.nodes.get(i).command("CLUSTER", "MYID");
        cluster.nodes.get(shards + i).command("CLUSTER", "REPLICATE", masterId);
      }
      cluster.awaitHealthy();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The seed nodes, comma-separated, as {@code redis.cluster-nodes} takes them. */
  public String seedNodes() {
    return nodes.stream().map(RedisProcess::url).collect(Collectors.joining(","));
  }

  public List<RedisProcess> nodes() {
    return List.copyOf(nodes);
  }

  /** The nodes that are masters now (ROLE). */
  public List<RedisProcess> masters() {
    return nodes.stream().filter(node -> "master".equals(node.array("ROLE").get(0))).toList();
  }

  /** The nodes that are replicas now (ROLE). */
  public List<RedisProcess> replicas() {
    return nodes.stream().filter(node -> "slave".equals(node.array("ROLE").get(0))).toList();
  }

  /**
   * A coordinated manual failover ({@code CLUSTER FAILOVER} on {@code replica}): its master stops
   * taking writes until the replica has caught up, then they swap roles. Waits until it is over.
   * Asks again when a failover does not happen: masters refuse to vote twice for the same shard
   * within twice the node timeout, and a failover they do not vote for is dropped silently.
   */
  public void failover(RedisProcess replica) {
    long deadline = System.nanoTime() + SETTLE_BUDGET.toNanos();
    while (true) {
      String reply = replica.command("CLUSTER", "FAILOVER");
      if (!"OK".equals(reply)) {
        throw new IllegalStateException("CLUSTER FAILOVER on port " + replica.port() + " answered " + reply);
      }
      try {
        RedisSentinelGroup.await(Duration.ofSeconds(6), "port " + replica.port() + " to become master",
            () -> "master".equals(replica.array("ROLE").get(0)));
        break;
      } catch (IllegalStateException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
      }
    }
    awaitHealthy();
  }

  /** Every node says cluster_state:ok and every replica's link to its master is up. */
  public void awaitHealthy() {
    awaitEveryNode("the cluster to be ok with every replica synced", node ->
        node.command("CLUSTER", "INFO").contains("cluster_state:ok")
            && ("master".equals(node.array("ROLE").get(0))
                || "up".equals(node.info("replication", "master_link_status"))));
  }

  private interface NodeCondition {
    boolean holds(RedisProcess node);
  }

  private void awaitEveryNode(String what, NodeCondition condition) {
    RedisSentinelGroup.await(SETTLE_BUDGET, what, () -> nodes.stream().allMatch(condition::holds));
  }

  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A temp directory left behind is harmless.
    }
  }
}
