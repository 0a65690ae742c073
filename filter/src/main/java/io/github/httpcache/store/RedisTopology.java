package io.github.httpcache.store;

import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.ConfigException;
import io.github.httpcache.config.ConfigKeys;
import io.github.httpcache.config.RedisAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.HostAndPort;

/**
 * Where the cache's Redis is and how to log in to it: one server, a cluster's seed nodes, or a
 * Sentinel group's master name and Sentinels; with the credentials, database and TLS of the data
 * nodes (and of the Sentinels), and {@code origin}, the configuration that said so, for messages.
 */
record RedisTopology(Kind kind, List<HostAndPort> nodes, String masterName, Login login, Login sentinelLogin,
    int database, boolean tls, boolean sentinelTls, Optional<SSLSocketFactory> trust, String origin, Source source) {

  /** Whether the filter's own keys said where Redis is, or a Redisson configuration (a YAML file, an adopted client). */
  enum Source {
    KEYS,
    REDISSON
  }

  /** The three ways Redis can be laid out; each has its Jedis connection provider. */
  enum Kind {
    SINGLE("single server"),
    CLUSTER("cluster"),
    SENTINEL("Sentinel group");

    final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  /** ACL user and password; both empty for none. */
  record Login(Optional<String> user, Optional<String> password) {
    static final Login NONE = new Login(Optional.empty(), Optional.empty());

    static Login of(RedisAddress address) {
      return new Login(address.username(), address.password());
    }
  }

  RedisTopology {
    nodes = List.copyOf(nodes);
  }

  /** From {@code redis.url}, {@code redis.cluster-nodes} or {@code redis.sentinel-master} and {@code -nodes}. */
  static RedisTopology of(CacheSettings settings) {
    Optional<SSLSocketFactory> trust = Optional.of(settings.tlsTruststore()
        .map(store -> TlsTrust.load(store, settings.tlsTruststorePassword())).orElseGet(TlsTrust::jvmDefault));
    if (settings.sentinelMaster().isPresent()) {
      return sentinel(settings, trust);
    }
    if (!settings.clusterNodes().isEmpty()) {
      return cluster(settings.clusterNodes(), trust);
    }
    RedisAddress address = RedisAddress.parse(ConfigKeys.REDIS_URL, settings.redisUrl());
    return new RedisTopology(Kind.SINGLE, List.of(hostAndPort(address)), "", Login.of(address), Login.NONE,
        address.database(), address.tls(), false, trust, origin(ConfigKeys.REDIS_URL, settings.redisUrl()), Source.KEYS);
  }

  private static RedisTopology cluster(List<String> urls, Optional<SSLSocketFactory> trust) {
    String origin = origin(ConfigKeys.CLUSTER_NODES, String.join(", ", urls));
    List<RedisAddress> addresses = urls.stream().map(url -> RedisAddress.parse(ConfigKeys.CLUSTER_NODES, url)).toList();
    if (addresses.stream().anyMatch(address -> address.database() != 0)) {
      throw new ConfigException(origin + ": a Redis Cluster has database 0 only; remove /N from the node URLs");
    }
    RedisAddress last = addresses.get(addresses.size() - 1);
    Login login = addresses.stream().filter(address -> address.password().isPresent()).map(Login::of)
        .reduce((first, second) -> second).orElse(Login.NONE);
    return new RedisTopology(Kind.CLUSTER, addresses.stream().map(RedisTopology::hostAndPort).toList(), "", login,
        Login.NONE, 0, last.tls(), false, trust, origin, Source.KEYS);
  }

  private static RedisTopology sentinel(CacheSettings settings, Optional<SSLSocketFactory> trust) {
    RedisAddress master = RedisAddress.parseMasterName(ConfigKeys.SENTINEL_MASTER, settings.sentinelMaster().get());
    List<RedisAddress> sentinels = settings.sentinelNodes().stream()
        .map(url -> RedisAddress.parse(ConfigKeys.SENTINEL_NODES, url)).toList();
    Login sentinelLogin = sentinels.stream().filter(address -> address.password().isPresent()).map(Login::of)
        .findFirst().orElse(Login.NONE);
    return new RedisTopology(Kind.SENTINEL, sentinels.stream().map(RedisTopology::hostAndPort).toList(), master.host(),
        Login.of(master), sentinelLogin, master.database(), master.tls(), sentinels.get(0).tls(), trust,
        origin(ConfigKeys.SENTINEL_NODES, String.join(", ", settings.sentinelNodes())), Source.KEYS);
  }

  static HostAndPort hostAndPort(RedisAddress address) {
    String host = address.host().startsWith("[") ? address.host().substring(1, address.host().length() - 1)
        : address.host();
    return new HostAndPort(host, address.port());
  }

  /** {@code key = "value"}, passwords masked, as configuration errors begin. */
  static String origin(String key, String value) {
    return key + " = \"" + value.replaceAll("(://[^:@/]*:)[^@/]*@", "$1****@").replaceAll("(://)([^:@/]+)@", "$1****@")
        + "\"";
  }

  /** {@code redis://host:port} of {@code node}, TLS as the data nodes', for the fixes messages suggest. */
  String url(HostAndPort node) {
    return (tls ? "rediss://" : "redis://") + node;
  }

  /** For the startup line: {@code single server 127.0.0.1:6379/0 (TLS)}. */
  String describe() {
    String where = kind == Kind.SENTINEL ? masterName + " via Sentinels " + joined() : joined();
    return kind.description + " " + where + (kind == Kind.CLUSTER ? "" : "/" + database) + (tls ? " (TLS)" : "");
  }

  private String joined() {
    return nodes.stream().map(HostAndPort::toString).collect(Collectors.joining(", "));
  }
}
