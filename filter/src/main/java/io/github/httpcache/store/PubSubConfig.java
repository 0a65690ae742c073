package io.github.httpcache.store;

import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.ConfigException;
import io.github.httpcache.config.ConfigKeys;
import io.netty.channel.epoll.Epoll;
import java.net.MalformedURLException;
import java.nio.file.Path;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SubscriptionMode;
import org.redisson.config.TransportMode;
import redis.clients.jedis.HostAndPort;

/**
 * The Redisson client the cache creates for the near caches' pub/sub only: the same servers,
 * credentials and trust as the request path, a connection or two per master, masters only, and
 * connected lazily so the application starts while Redis is down.
 */
final class PubSubConfig {
  private PubSubConfig() {}

  /** A {@code redis.config-file}'s configuration, connected lazily. */
  static Config fromFile(Config file) {
    return new Config(file).setLazyInitialization(true);
  }

  static Config of(RedisTopology topology, CacheSettings settings) {
    int timeout = (int) Math.max(1, settings.redisTimeout().toMillis());
    Config config = new Config().setLazyInitialization(true).setNettyThreads(2)
        .setTransportMode(Epoll.isAvailable() ? TransportMode.EPOLL : TransportMode.NIO);
    topology.login().user().ifPresent(config::setUsername);
    topology.login().password().ifPresent(config::setPassword);
    settings.tlsTruststore().ifPresent(store -> config.setSslTruststore(url(store)));
    settings.tlsTruststorePassword().ifPresent(config::setSslTruststorePassword);
    switch (topology.kind()) {
      case SINGLE -> config.useSingleServer().setAddress(topology.url(topology.nodes().get(0)))
          .setDatabase(topology.database()).setTimeout(timeout).setConnectTimeout(Math.max(timeout, 1000))
          .setConnectionMinimumIdleSize(1).setConnectionPoolSize(2)
          .setSubscriptionConnectionMinimumIdleSize(1).setSubscriptionConnectionPoolSize(2);
      case CLUSTER -> small(config.useClusterServers().setScanInterval(2000)
          .addNodeAddress(topology.nodes().stream().map(topology::url).toArray(String[]::new)), timeout);
      case SENTINEL -> small(config.useSentinelServers().setMasterName(topology.masterName())
          .setDatabase(topology.database()).setCheckSentinelsList(false)
          .setSentinelUsername(topology.sentinelLogin().user().orElse(null))
          .setSentinelPassword(topology.sentinelLogin().password().orElse(null))
          .addSentinelAddress(topology.nodes().stream().map(node -> sentinelUrl(topology, node)).toArray(String[]::new)),
          timeout);
    }
    return config;
  }

  private static void small(BaseMasterSlaveServersConfig<?> servers, int timeout) {
    servers.setReadMode(ReadMode.MASTER).setSubscriptionMode(SubscriptionMode.MASTER)
        .setTimeout(timeout).setConnectTimeout(Math.max(timeout, 1000))
        .setMasterConnectionMinimumIdleSize(1).setMasterConnectionPoolSize(2)
        .setSubscriptionConnectionMinimumIdleSize(1).setSubscriptionConnectionPoolSize(2);
  }

  private static String sentinelUrl(RedisTopology topology, HostAndPort node) {
    return (topology.sentinelTls() ? "rediss://" : "redis://") + node;
  }

  private static java.net.URL url(String path) {
    try {
      return Path.of(path).toUri().toURL();
    } catch (MalformedURLException e) {
      throw ConfigException.of(ConfigKeys.TLS_TRUSTSTORE, path, "expected a file path");
    }
  }
}
