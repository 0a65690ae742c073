package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.ConfigException;
import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.testing.RedisClusterFixture;
import io.github.httpcache.testing.RedisFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration that names the wrong kind of Redis node fails at startup, naming the key and
 * what to set instead, against real processes: a cluster-mode node, a Sentinel and a replica
 * given as {@code redis.url}; a plain server given as a cluster node or a Sentinel; a master name
 * the Sentinels do not watch.
 */
class TopologyMisconfigurationTest {
  private static RedisFixture master;
  private static RedisFixture replica;
  private static RedisFixture sentinel;
  private static RedisFixture clusterNode;
  @TempDir
  static Path clusterDirectory;

  @BeforeAll
  static void start() throws Exception {
    master = RedisFixture.startProcess();
    // A replica writes the master's data to its working directory: a temporary one, not the module's.
    replica = RedisFixture.startProcess(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port()),
        "--dir", clusterDirectory.toString()));
    sentinel = RedisFixture.startSentinel("cachemaster", master);
    clusterNode = RedisFixture.startProcess(List.of("--cluster-enabled", "yes",
        "--cluster-config-file", clusterDirectory.resolve("nodes.conf").toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    for (RedisFixture process : new RedisFixture[] {clusterNode, sentinel, replica, master}) {
      process.close();
    }
  }

  private static String startupError(String... entries) {
    Map<String, String> config = new HashMap<>(Map.of("route.any.path", "/**", "route.any.ttl", "1m"));
    for (int i = 0; i < entries.length; i += 2) {
      config.put(entries[i], entries[i + 1]);
    }
    CacheSettings settings = ConfigParser.parse(config);
    return assertThrows(ConfigException.class,
        () -> RedisClients.create(settings, TopologyMisconfigurationTest.class.getClassLoader()).close()).getMessage();
  }

  @Test
  void redisUrlAtAClusterNodeNamesRedisClusterNodes() {
    String url = "redis://127.0.0.1:" + clusterNode.port();

    assertEquals("redis.url = \"" + url + "\": that is a Redis Cluster node; set redis.cluster-nodes = " + url
        + " instead", startupError("redis.url", url));
  }

  @Test
  void redisUrlAtASentinelNamesTheSentinelKeysAndTheMasterItWatches() {
    String url = "redis://127.0.0.1:" + sentinel.port();

    assertEquals("redis.url = \"" + url + "\": that is a Sentinel (watching cachemaster); set redis.sentinel-master"
        + " = cachemaster and redis.sentinel-nodes = " + url + " instead", startupError("redis.url", url));
  }

  @Test
  void redisUrlAtAReplicaNamesItsMaster() {
    String url = "redis://127.0.0.1:" + replica.port();

    String message = startupError("redis.url", url);

    assertTrue(message.startsWith("redis.url = \"" + url + "\": that is a read-only replica of 127.0.0.1:"
        + master.port() + "; set redis.url = redis://127.0.0.1:" + master.port() + " (its master) instead"), message);
  }

  @Test
  void clusterNodesAtAPlainServerNamesRedisUrl() {
    String url = "redis://127.0.0.1:" + master.port();

    assertEquals("redis.cluster-nodes = \"" + url + "\": 127.0.0.1:" + master.port() + " is a single Redis server,"
        + " not a cluster node or Sentinel; set redis.url = " + url + " instead", startupError("redis.cluster-nodes", url));
  }

  @Test
  void sentinelNodesAtAPlainServerAreRefused() {
    String url = "redis://127.0.0.1:" + master.port();

    String message = startupError("redis.sentinel-master", "cachemaster", "redis.sentinel-nodes", url);

    assertTrue(message.startsWith("redis.sentinel-nodes = \"" + url + "\": 127.0.0.1:" + master.port()
        + " is a single Redis server"), message);
  }

  @Test
  void aMasterNameTheSentinelsDoNotWatchNamesTheOnesTheyDo() {
    String url = "redis://127.0.0.1:" + sentinel.port();

    assertEquals("redis.sentinel-nodes = \"" + url + "\": the Sentinel at 127.0.0.1:" + sentinel.port()
        + " watches no master named othermaster; set redis.sentinel-master to one it watches: cachemaster",
        startupError("redis.sentinel-master", "othermaster", "redis.sentinel-nodes", url));
  }

  @Test
  void aRedissonFileAtAClusterNodeNamesTheRedissonSetting() throws Exception {
    Path yaml = Files.createTempFile(clusterDirectory, "redisson", ".yaml");
    Files.writeString(yaml, "singleServerConfig:\n  address: \"redis://127.0.0.1:" + clusterNode.port() + "\"\n");

    assertEquals("redis.config-file = \"" + yaml + "\": that is a Redis Cluster node; use clusterServersConfig in the"
        + " Redisson configuration", startupError("redis.config-file", yaml.toString()));
    Files.delete(yaml);
  }

  @Test
  void anAllkeysEvictionPolicyIsRefusedNamingMaxmemoryPolicy() throws Exception {
    try (RedisFixture evicting = RedisFixture.startProcess(List.of("--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"))) {
      String url = "redis://127.0.0.1:" + evicting.port();

      assertEquals("redis.url = \"" + url + "\": 127.0.0.1:" + evicting.port() + " has maxmemory-policy allkeys-lru,"
          + " which may evict the cache's fence records (a write could then be followed by a stale read); set"
          + " maxmemory-policy to volatile-lru, volatile-lfu, volatile-ttl, volatile-random or noeviction on that Redis"
          + " (entries all have a TTL, so they stay evictable)", startupError("redis.url", url));
    }
  }

  /** Startup asks the master the Sentinels name, not only the Sentinels it was given. */
  @Test
  void aSentinelGroupsMasterWithAnAllkeysPolicyIsRefused() {
    master.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    try {
      String message = startupError("redis.sentinel-master", "cachemaster",
          "redis.sentinel-nodes", "redis://127.0.0.1:" + sentinel.port());

      assertTrue(message.contains("127.0.0.1:" + master.port() + " has maxmemory-policy allkeys-lru"), message);
    } finally {
      master.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
    }
  }

  /** Every master of a cluster is asked, not only the seed node that answered first. */
  @Test
  void aClusterMasterWithAnAllkeysPolicyIsRefused() {
    try (RedisClusterFixture cluster = RedisClusterFixture.start(3)) {
      RedisFixture evicting = cluster.masters().get(2);
      evicting.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");

      String message = startupError("redis.cluster-nodes", cluster.nodes());

      assertTrue(message.contains("127.0.0.1:" + evicting.port() + " has maxmemory-policy allkeys-lfu"), message);
    }
  }

  @Test
  void aVolatileEvictionPolicyIsAccepted() throws Exception {
    try (RedisFixture evicting = RedisFixture.startProcess(List.of("--maxmemory", "64mb", "--maxmemory-policy", "volatile-lru"))) {
      Map<String, String> config = new HashMap<>(Map.of("route.any.path", "/**", "route.any.ttl", "1m",
          "redis.url", "redis://127.0.0.1:" + evicting.port()));
      RedisClients.create(ConfigParser.parse(config), TopologyMisconfigurationTest.class.getClassLoader()).close();
    }
  }
}
