package io.github.httpcache.store;

import io.github.httpcache.config.ConfigException;
import java.util.List;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Asks the configured servers what they are ({@code INFO server}, {@code ROLE}, {@code SENTINEL
 * MASTERS}) and refuses a configuration that names the wrong kind: a Cluster node, a Sentinel or a
 * read-only replica as {@code redis.url}, a plain server among cluster nodes or Sentinels. Its
 * message names the key and what to set instead. When no server answers it throws {@link
 * JedisConnectionException}: Redis down says nothing about the configuration.
 */
final class TopologyCheck {
  private TopologyCheck() {}

  static void verify(RedisTopology topology, JedisClientConfig data, JedisClientConfig sentinels) {
    StringBuilder failures = new StringBuilder();
    for (HostAndPort node : topology.nodes()) {
      try (Jedis jedis = new Jedis(node, topology.kind() == RedisTopology.Kind.SENTINEL ? sentinels : data)) {
        String mode = field(jedis.info("server"), "redis_mode");
        switch (topology.kind()) {
          case SINGLE -> single(topology, node, mode, jedis);
          case CLUSTER -> expect(topology, node, mode, "cluster", jedis);
          case SENTINEL -> sentinel(topology, node, mode, jedis);
        }
        for (HostAndPort master : masters(topology, node, jedis)) {
          try (Jedis onMaster = master.equals(node) ? null : new Jedis(master, data)) {
            evictionPolicy(topology, master, onMaster == null ? jedis : onMaster);
          } catch (JedisConnectionException unreachable) {
            // Asked again on the request path (ServerWatch), which bypasses a master with such a policy.
          }
        }
        return;
      } catch (JedisConnectionException e) {
        failures.append(failures.length() == 0 ? "" : "; ").append(node).append(": ").append(GuardedStore.describe(e));
      }
    }
    throw new JedisConnectionException("no Redis node answered (" + failures + ")");
  }

  /** The masters whose eviction policy startup reads: the server; every master of a cluster; a Sentinel group's. */
  private static List<HostAndPort> masters(RedisTopology topology, HostAndPort node, Jedis jedis) {
    return switch (topology.kind()) {
      case SINGLE -> List.of(node);
      case CLUSTER -> jedis.clusterSlots().stream().map(range -> (List<?>) ((List<?>) range).get(2))
          .map(master -> new HostAndPort(text(master.get(0)), ((Number) master.get(1)).intValue())).distinct().toList();
      case SENTINEL -> {
        List<String> address = jedis.sentinelGetMasterAddrByName(topology.masterName());
        yield address == null ? List.of() : List.of(new HostAndPort(address.get(0), Integer.parseInt(address.get(1))));
      }
    };
  }

  private static void single(RedisTopology topology, HostAndPort node, String mode, Jedis jedis) {
    if (!mode.equals("standalone")) {
      expect(topology, node, mode, "standalone", jedis);
    }
    List<Object> role = jedis.role();
    if ("slave".equals(text(role.get(0)))) {
      String master = text(role.get(1)) + ":" + role.get(2);
      throw refused(topology, "that is a read-only replica of " + master, topology.source() == RedisTopology.Source.KEYS
          ? "set redis.url = " + (topology.tls() ? "rediss://" : "redis://") + master + " (its master) instead, or"
              + " redis.sentinel-master and redis.sentinel-nodes if Sentinel manages it"
          : "name its master (" + master + ") in the Redisson configuration instead");
    }
  }

  /**
   * An {@code allkeys-*} policy may evict what the fence relies on (the slot epochs, the fill
   * registry, tag indexes), after which a write could be followed by a stale read; {@code volatile-*}
   * evicts only keys with a TTL, which those are not, and {@code noeviction} evicts nothing.
   */
  private static void evictionPolicy(RedisTopology topology, HostAndPort node, Jedis jedis) {
    String policy = field(jedis.info("memory"), "maxmemory_policy");
    if (ServerWatch.evictsFenceRecords(policy)) {
      throw refused(topology, node + " has maxmemory-policy " + policy + ", which may evict the cache's fence records"
          + " (a write could then be followed by a stale read)", "set maxmemory-policy to volatile-lru, volatile-lfu,"
          + " volatile-ttl, volatile-random or noeviction on that Redis (entries all have a TTL, so they stay evictable)");
    }
  }

  private static void sentinel(RedisTopology topology, HostAndPort node, String mode, Jedis jedis) {
    expect(topology, node, mode, "sentinel", jedis);
    List<String> watched = masters(jedis);
    if (!watched.contains(topology.masterName())) {
      throw refused(topology, "the Sentinel at " + node + " watches no master named " + topology.masterName(),
          "set redis.sentinel-master to one it watches: " + String.join(", ", watched));
    }
  }

  /** Refuses {@code node} unless its {@code redis_mode} is {@code expected}, saying which key fits what it is. */
  private static void expect(RedisTopology topology, HostAndPort node, String mode, String expected, Jedis jedis) {
    if (mode.equals(expected)) {
      return;
    }
    String url = topology.url(node);
    boolean keys = topology.source() == RedisTopology.Source.KEYS;
    switch (mode) {
      case "cluster" -> throw refused(topology, nodeIs(topology, node, "a Redis Cluster node"),
          keys ? "set redis.cluster-nodes = " + url + " instead" : "use clusterServersConfig in the Redisson configuration");
      case "sentinel" -> {
        String masters = String.join(", ", masters(jedis));
        throw refused(topology, nodeIs(topology, node, "a Sentinel (watching " + masters + ")"), keys
            ? "set redis.sentinel-master = " + (masters.contains(",") ? "<one of them>" : masters)
                + " and redis.sentinel-nodes = " + url + " instead"
            : "use sentinelServersConfig in the Redisson configuration");
      }
      default -> throw refused(topology, nodeIs(topology, node, "a single Redis server, not a cluster node or Sentinel"),
          keys ? "set redis.url = " + url + " instead" : "use singleServerConfig in the Redisson configuration");
    }
  }

  private static String nodeIs(RedisTopology topology, HostAndPort node, String what) {
    return topology.kind() == RedisTopology.Kind.SINGLE ? "that is " + what : node + " is " + what;
  }

  private static ConfigException refused(RedisTopology topology, String finding, String fix) {
    return new ConfigException(topology.origin() + ": " + finding + "; " + fix);
  }

  private static List<String> masters(Jedis jedis) {
    return jedis.sentinelMasters().stream().map(master -> master.get("name")).toList();
  }

  /** A field of an INFO reply ({@code name:value} lines), {@code ""} when absent. */
  static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return "";
  }

  private static String text(Object reply) {
    return reply instanceof byte[] bytes ? SafeEncoder.encode(bytes) : String.valueOf(reply);
  }
}
