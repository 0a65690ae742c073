package io.github.httpcache.faults;

import io.github.httpcache.testing.RedisProcess;
import io.github.httpcache.testing.RedisReplicatedCluster;
import io.github.httpcache.testing.RedisSentinelGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Redis a fault is injected into, as real processes, and the init-params that point the filter at it. */
interface Topology extends AutoCloseable {
  /** Where Redis is, as filter init-params. */
  Map<String, String> redisSettings();

  @Override
  void close();

  /** One redis-server; {@code arguments} add to its command line (such as maxmemory and its policy). */
  static Single single(String... arguments) {
    return new Single(RedisProcess.server(List.of(arguments)), Map.of());
  }

  /** One redis-server, and {@code settings} (filter init-params) on the app nodes besides where it is. */
  static Single singleWith(Map<String, String> settings) {
    return new Single(RedisProcess.server(List.of()), Map.copyOf(settings));
  }

  /** A master and a replica with the smallest replication backlog (16 KiB), so bulk writes outrun it; three Sentinels. */
  static Sentinel sentinel() {
    return new Sentinel(RedisSentinelGroup.start(List.of("--repl-backlog-size", "16kb")));
  }

  /** Three shards, each a master and a replica. */
  static Cluster cluster() {
    return new Cluster(RedisReplicatedCluster.start(3));
  }

  record Single(RedisProcess server, Map<String, String> settings) implements Topology {
    @Override
    public Map<String, String> redisSettings() {
      Map<String, String> all = new java.util.HashMap<>(settings);
      all.put("redis.url", server.url());
      return all;
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /**
   * Through the product's own keys ({@code redis.sentinel-master}, {@code redis.sentinel-nodes}); with
   * {@code -Dfaults.sentinel-config=yaml}, through a Redisson YAML file ({@code redis.config-file})
   * instead, the way the product reached a Sentinel group before those keys, with lookups on the
   * master ({@code readMode: "MASTER"}).
   */
  record Sentinel(RedisSentinelGroup group) implements Topology {
    @Override
    public Map<String, String> redisSettings() {
      if (!System.getProperty("faults.sentinel-config", "keys").equals("yaml")) {
        return Map.of("redis.sentinel-master", RedisSentinelGroup.MASTER_NAME,
            "redis.sentinel-nodes", group.sentinelNodes());
      }
      return Map.of("redis.config-file", yaml().toString());
    }

    private Path yaml() {
      StringBuilder text = new StringBuilder(String.join("\n",
          "sentinelServersConfig:",
          "  masterName: \"" + RedisSentinelGroup.MASTER_NAME + "\"",
          "  readMode: \"MASTER\"",
          "  checkSentinelsList: false",
          "  timeout: 250",
          "  connectTimeout: 1000",
          "  retryAttempts: 0",
          "  sentinelAddresses:", ""));
      group.sentinels().forEach(sentinel -> text.append("    - \"").append(sentinel.url()).append("\"\n"));
      try {
        Path file = Files.createTempFile("faults-sentinel-", ".yaml");
        file.toFile().deleteOnExit();
        return Files.writeString(file, text);
      } catch (IOException e) {
        throw new IllegalStateException("could not write the Redisson YAML", e);
      }
    }

    @Override
    public void close() {
      group.close();
    }
  }

  record Cluster(RedisReplicatedCluster cluster) implements Topology {
    @Override
    public Map<String, String> redisSettings() {
      return Map.of("redis.cluster-nodes", cluster.seedNodes());
    }

    @Override
    public void close() {
      cluster.close();
    }
  }
}
