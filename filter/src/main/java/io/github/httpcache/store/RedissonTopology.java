package io.github.httpcache.store;

import io.github.httpcache.config.ConfigException;
import io.github.httpcache.config.RedisAddress;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.SentinelServersConfig;

/**
 * Reads where Redis is from a Redisson configuration ({@code redis.config-file}, or the client an
 * application handed over), so the request path's Jedis connections reach the same servers with
 * the same credentials, database and TLS: a single server, a cluster, a Sentinel group, or the
 * master of a master/replica set. Reads always go to masters, whatever its {@code readMode} says.
 */
final class RedissonTopology extends Config {
  private RedissonTopology(Config config) {
    super(config);
  }

  static RedisTopology of(Config config, String origin) {
    return new RedissonTopology(config).topology(origin);
  }

  private RedisTopology topology(String origin) {
    if (isClusterConfig()) {
      List<RedisAddress> nodes = getClusterServersConfig().getNodeAddresses().stream()
          .map(node -> RedisAddress.parse(origin, node)).toList();
      return build(RedisTopology.Kind.CLUSTER, nodes, "", 0, getClusterServersConfig(), origin);
    }
    if (isSentinelConfig()) {
      SentinelServersConfig sentinel = getSentinelServersConfig();
      List<RedisAddress> sentinels = sentinel.getSentinelAddresses().stream()
          .map(node -> RedisAddress.parse(origin, node)).toList();
      RedisTopology.Login sentinelLogin = new RedisTopology.Login(Optional.ofNullable(sentinel.getSentinelUsername()),
          Optional.ofNullable(sentinel.getSentinelPassword()));
      RedisTopology topology = build(RedisTopology.Kind.SENTINEL, sentinels, sentinel.getMasterName(),
          sentinel.getDatabase(), sentinel, origin);
      return new RedisTopology(topology.kind(), topology.nodes(), topology.masterName(), topology.login(), sentinelLogin,
          topology.database(), topology.tls(), topology.tls(), topology.trust(), origin, RedisTopology.Source.REDISSON);
    }
    if (isSingleConfig()) {
      RedisAddress address = RedisAddress.parse(origin, getSingleServerConfig().getAddress());
      return build(RedisTopology.Kind.SINGLE, List.of(address), "", getSingleServerConfig().getDatabase(),
          getSingleServerConfig(), origin);
    }
    if (getMasterSlaveServersConfig() != null) {
      RedisAddress master = RedisAddress.parse(origin, getMasterSlaveServersConfig().getMasterAddress());
      return build(RedisTopology.Kind.SINGLE, List.of(master), "", getMasterSlaveServersConfig().getDatabase(),
          getMasterSlaveServersConfig(), origin);
    }
    throw new ConfigException(origin + ": replicatedServersConfig is not supported (the cache would have to find the"
        + " primary itself); name the primary with singleServerConfig, or use sentinelServersConfig or clusterServersConfig");
  }

  private RedisTopology build(RedisTopology.Kind kind, List<RedisAddress> nodes, String masterName, int database,
      BaseConfig<?> server, String origin) {
    @SuppressWarnings("deprecation")
    RedisTopology.Login login = new RedisTopology.Login(
        Optional.ofNullable(getUsername() != null ? getUsername() : server.getUsername()),
        Optional.ofNullable(getPassword() != null ? getPassword() : server.getPassword()));
    return new RedisTopology(kind, nodes.stream().map(RedisTopology::hostAndPort).toList(), masterName, login,
        RedisTopology.Login.NONE, database, nodes.get(0).tls(), false, trust(server, origin), origin,
        RedisTopology.Source.REDISSON);
  }

  @SuppressWarnings("deprecation")
  private Optional<SSLSocketFactory> trust(BaseConfig<?> server, String origin) {
    java.net.URL truststore = getSslTruststore() != null ? getSslTruststore() : server.getSslTruststore();
    java.net.URL keystore = getSslKeystore() != null ? getSslKeystore() : server.getSslKeystore();
    if (truststore == null && keystore == null) {
      return Optional.of(TlsTrust.jvmDefault());
    }
    String trustPassword = getSslTruststorePassword() != null ? getSslTruststorePassword() : server.getSslTruststorePassword();
    String keyPassword = getSslKeystorePassword() != null ? getSslKeystorePassword() : server.getSslKeystorePassword();
    return Optional.of(TlsTrust.load(truststore, Optional.ofNullable(trustPassword), Optional.ofNullable(keystore),
        Optional.ofNullable(keyPassword), origin));
  }
}
