package io.github.httpcache.store;

import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.ConfigException;
import io.github.httpcache.config.ConfigKeys;
import io.github.httpcache.config.RedisAddress;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.TransportMode;

/**
 * The Redisson client the cache talks through, and whether the cache owns it: a client it created
 * from {@code redis.url} is shut down with the filter; an adopted one never is.
 */
public final class RedisClients implements AutoCloseable {
  /** Who closes the client. */
  public enum Ownership {
    CREATED,
    ADOPTED
  }

  /** Idle direct connections kept open: enough for the request threads that use Redis at once. */
  static final int DIRECT_IDLE_CONNECTIONS = 64;

  private final RedissonClient client;
  private final Ownership ownership;
  private final Optional<DirectConnections> direct;
  private final Optional<EventLoopGroup> ownGroup;

  private RedisClients(RedissonClient client, Ownership ownership, Optional<DirectConnections> direct,
      Optional<EventLoopGroup> ownGroup) {
    this.client = client;
    this.ownership = ownership;
    this.direct = direct;
    this.ownGroup = ownGroup;
  }

  private RedisClients(RedissonClient client, Ownership ownership) {
    this(client, ownership, Optional.empty(), Optional.empty());
  }

  /** Wraps a client the application built and will close itself. */
  public static RedisClients adopt(RedissonClient client) {
    return new RedisClients(client, Ownership.ADOPTED);
  }

  /**
   * Creates a client for {@code redis.url} (or the cluster of {@code redis.cluster-nodes}) with
   * cache-sized budgets: one Netty event loop per core (epoll on Linux); commands time out
   * after {@code redis.timeout} and are not retried (a late cache answer is worth nothing), and the
   * connection is made lazily so the application starts even while Redis is down.
   */
  public static RedisClients create(CacheSettings settings, ClassLoader loader) {
    if (settings.redissonConfigFile().isPresent()) {
      Config config = fromYaml(settings.redissonConfigFile().get(), loader);
      config.setLazyInitialization(true);
      return new RedisClients(Redisson.create(config), Ownership.CREATED);
    }
    int timeoutMillis = (int) Math.max(1, settings.redisTimeout().toMillis());
    int connectTimeoutMillis = Math.max(timeoutMillis, 1000);
    Config config = new Config();
    config.setLazyInitialization(true);
    // One event loop per core, as Netty itself would, not Redisson's 32: a cache's commands are
    // short, and on 2 cores fewer threads to wake meant up to a third more Redis hits per second.
    // Linux's native transport: measured about 10% more Redis hits per second than NIO on 2 cores.
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group = epoll ? new EpollEventLoopGroup(threads, new DefaultThreadFactory("http-cache-redis", true))
        : new NioEventLoopGroup(threads, new DefaultThreadFactory("http-cache-redis", true));
    config.setEventLoopGroup(group);
    config.setTransportMode(epoll ? TransportMode.EPOLL : TransportMode.NIO);
    if (settings.clusterNodes().isEmpty()) {
      RedisAddress address = RedisAddress.parse(ConfigKeys.REDIS_URL, settings.redisUrl());
      config.useSingleServer()
          .setAddress(address.serverAddress())
          .setTimeout(timeoutMillis)
          .setConnectTimeout(connectTimeoutMillis)
          .setRetryAttempts(0)
          .setConnectionMinimumIdleSize(4)
          .setConnectionPoolSize(32)
          .setDatabase(address.database());
      // Credentials are the client's, not one server's (Redisson 4 deprecates them per server).
      address.username().ifPresent(config::setUsername);
      address.password().ifPresent(config::setPassword);
      // A request's own commands (lookup, registration, save) on blocking connections it uses itself.
      DirectConnections direct = new DirectConnections(address, settings.redisTimeout(),
          Duration.ofMillis(connectTimeoutMillis), DIRECT_IDLE_CONNECTIONS);
      return new RedisClients(Redisson.create(config), Ownership.CREATED, Optional.of(direct), Optional.of(group));
    } else {
      ClusterServersConfig cluster = config.useClusterServers()
          .setTimeout(timeoutMillis)
          .setConnectTimeout(Math.max(timeoutMillis, 1000))
          .setRetryAttempts(0)
          .setMasterConnectionMinimumIdleSize(4)
          .setMasterConnectionPoolSize(32)
          .setScanInterval(2000);
      for (String node : settings.clusterNodes()) {
        RedisAddress address = RedisAddress.parse(ConfigKeys.CLUSTER_NODES, node);
        cluster.addNodeAddress(address.serverAddress());
        address.username().ifPresent(config::setUsername);
        address.password().ifPresent(config::setPassword);
      }
    }
    return new RedisClients(Redisson.create(config), Ownership.CREATED, Optional.empty(), Optional.of(group));
  }

  /**
   * Redisson's own YAML (it resolves {@code ${VAR}} from the environment itself). Its timeouts and
   * retries are the file's to set; each cache call still waits at most {@code redis.timeout}.
   */
  private static Config fromYaml(String location, ClassLoader loader) {
    try (InputStream in = open(location, loader)) {
      return Config.fromYAML(in);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(ConfigKeys.REDIS_CONFIG_FILE + " = \"" + location
          + "\": not a readable Redisson YAML configuration (" + e.getMessage() + ")");
    }
  }

  private static InputStream open(String location, ClassLoader loader) throws IOException {
    if (location.startsWith("classpath:")) {
      InputStream in = loader.getResourceAsStream(location.substring("classpath:".length()).replaceFirst("^/", ""));
      if (in == null) {
        throw new IOException("no such classpath resource");
      }
      return in;
    }
    return Files.newInputStream(Path.of(location));
  }

  public RedissonClient client() {
    return client;
  }

  public Ownership ownership() {
    return ownership;
  }

  /** Blocking connections for a request's own commands, for a single server the cache connects to itself. */
  public Optional<DirectConnections> directConnections() {
    return direct;
  }

  /** Shuts the client down only if this cache created it. */
  @Override
  public void close() {
    if (ownership == Ownership.CREATED) {
      direct.ifPresent(DirectConnections::close);
      client.shutdown();
      ownGroup.ifPresent(group -> group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());
    }
  }
}
