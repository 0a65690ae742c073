package io.github.httpcache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A real three-master Redis Cluster of {@code redis-server} processes on loopback, built with the
 * cluster commands themselves (slots split in three, nodes introduced with CLUSTER MEET), so no
 * {@code redis-cli} is needed. {@link #close()} stops exactly the processes it started.
 */
public final class RedisClusterFixture implements RedisDeployment {
  private static final int SLOTS = 16384;

  private final List<RedisFixture> masters;
  private final Path directory;

  private RedisClusterFixture(List<RedisFixture> masters, Path directory) {
    this.masters = masters;
    this.directory = directory;
  }

  public static RedisClusterFixture start(int masterCount) {
    Path directory;
    try {
      directory = Files.createTempDirectory("redis-cluster");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<RedisFixture> masters = new ArrayList<>();
    RedisClusterFixture cluster = new RedisClusterFixture(masters, directory);
    try {
      for (int i = 0; i < masterCount; i++) {
        masters.add(RedisFixture.startProcess(List.of("--cluster-enabled", "yes",
            "--cluster-config-file", directory.resolve("nodes-" + i + ".conf").toString(),
            "--cluster-node-timeout", "2000")));
      }
      for (int i = 0; i < masterCount; i++) {
        int from = SLOTS * i / masterCount;
        int to = SLOTS * (i + 1) / masterCount;
        List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        IntStream.range(from, to).mapToObj(Integer::toString).forEach(command::add);
        masters.get(i).command(command.toArray(String[]::new));
      }
      for (int i = 1; i < masterCount; i++) {
        masters.get(0).command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(masters.get(i).port()));
      }
      cluster.awaitHealthy();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void awaitHealthy() {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean healthy = masters.stream().allMatch(node -> {
        String info = node.command("CLUSTER", "INFO");
        return info != null && info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + masters.size());
      });
      if (healthy) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the cluster formed", e);
      }
    }
    throw new IllegalStateException("the Redis cluster did not become healthy within 30 s");
  }

  /** The seed nodes, comma-separated, as {@code redis.cluster-nodes} takes them. */
  public String nodes() {
    return masters.stream().map(RedisFixture::url).collect(Collectors.joining(","));
  }

  @Override
  public Map<String, String> filterKeys() {
    return Map.of("redis.cluster-nodes", nodes());
  }

  public List<RedisFixture> masters() {
    return masters;
  }

  /** Keys matching {@code pattern} on every master, with SCAN. */
  @Override
  public List<String> keys(String pattern) {
    return masters.stream().flatMap(node -> node.keys(pattern).stream()).toList();
  }

  /** How many masters hold at least one key matching {@code pattern}. */
  public long mastersHolding(String pattern) {
    return masters.stream().filter(node -> !node.keys(pattern).isEmpty()).count();
  }

  /**
   * Sends one command to the master that holds its key (the first whose reply is not a {@code
   * MOVED} redirection), for assertions on Redis itself.
   */
  @Override
  public String command(String... words) {
    String reply = null;
    for (RedisFixture master : masters) {
      reply = master.command(words);
      if (reply == null || !reply.startsWith("-MOVED")) {
        return reply;
      }
    }
    return reply;
  }

  public void flushAll() {
    masters.forEach(RedisFixture::flushAll);
  }

  @Override
  public void close() {
    masters.forEach(RedisFixture::close);
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A temp directory left behind is harmless.
    }
  }
}
