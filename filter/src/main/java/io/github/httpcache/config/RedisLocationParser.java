package io.github.httpcache.config;

import static io.github.httpcache.config.ConfigKeys.CLUSTER_NODES;
import static io.github.httpcache.config.ConfigKeys.REDIS_URL;
import static io.github.httpcache.config.ConfigKeys.SENTINEL_MASTER;
import static io.github.httpcache.config.ConfigKeys.SENTINEL_NODES;
import static io.github.httpcache.config.ConfigKeys.TLS_TRUSTSTORE;
import static io.github.httpcache.config.ConfigKeys.TLS_TRUSTSTORE_PASSWORD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ConfigParser}'s part for the Sentinel and TLS keys: where a Sentinel group is, what TLS trusts. */
final class RedisLocationParser {
  private RedisLocationParser() {}

  /** {@code redis.sentinel-master}, validated; it needs the Sentinels and rules out the other topologies. */
  static Optional<String> sentinelMaster(Map<String, String> entries) {
    String master = entries.getOrDefault(SENTINEL_MASTER, "").trim();
    if (master.isEmpty()) {
      return Optional.empty();
    }
    for (String other : List.of(REDIS_URL, CLUSTER_NODES)) {
      if (entries.containsKey(other)) {
        throw ConfigException.of(SENTINEL_MASTER, CacheSettings.maskPassword(master), "conflicts with " + other
            + ": set one of redis.url (a single server), redis.cluster-nodes (a cluster) or redis.sentinel-master"
            + " with redis.sentinel-nodes (a Sentinel group)");
      }
    }
    if (entries.getOrDefault(SENTINEL_NODES, "").isBlank()) {
      throw ConfigException.of(SENTINEL_MASTER, CacheSettings.maskPassword(master),
          "needs redis.sentinel-nodes, the Sentinels' addresses (redis://host:26379, ...)");
    }
    RedisAddress.parseMasterName(SENTINEL_MASTER, master);
    return Optional.of(master);
  }

  /** {@code redis.sentinel-nodes}, each a parsable address; only beside {@code redis.sentinel-master}. */
  static List<String> sentinelNodes(Map<String, String> entries) {
    String nodes = entries.getOrDefault(SENTINEL_NODES, "").trim();
    if (nodes.isEmpty()) {
      return List.of();
    }
    if (entries.getOrDefault(SENTINEL_MASTER, "").isBlank()) {
      throw ConfigException.of(SENTINEL_NODES, CacheSettings.maskPassword(nodes),
          "needs redis.sentinel-master, the name of the master these Sentinels watch");
    }
    List<String> parsed = Arrays.stream(nodes.split(",")).map(String::trim).filter(node -> !node.isEmpty()).toList();
    parsed.forEach(node -> RedisAddress.parse(SENTINEL_NODES, node));
    return parsed;
  }

  /** {@code redis.tls.truststore}: a readable file; its password only with it. */
  static Optional<String> truststore(Map<String, String> entries) {
    String store = entries.getOrDefault(TLS_TRUSTSTORE, "").trim();
    if (store.isEmpty()) {
      if (entries.containsKey(TLS_TRUSTSTORE_PASSWORD)) {
        throw ConfigException.of(TLS_TRUSTSTORE_PASSWORD, "****", "needs redis.tls.truststore, the trust store it opens");
      }
      return Optional.empty();
    }
    if (!Files.isReadable(Path.of(store))) {
      throw ConfigException.of(TLS_TRUSTSTORE, store, "no readable file there; expected the path of a JKS or PKCS12 trust store");
    }
    return Optional.of(store);
  }
}
