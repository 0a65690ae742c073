package io.github.httpcache.store;

import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.ConfigException;
import io.github.httpcache.config.ConfigKeys;
import io.github.httpcache.key.RedisKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * The cache's connections to Redis and who owns them. The store (every lookup, fill, save and
 * invalidation) runs on Jedis's pooled blocking connections in every topology ({@link
 * RedisConnections}); Redisson carries the near caches' pub/sub, reads a {@code redis.config-file},
 * and is what an application hands over ({@link #adopt}). A Redisson client the cache created is
 * shut down with it; an adopted one never is. The Jedis connections are always the cache's own.
 */
public final class RedisClients implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisClients.class);

  /** Who closes the Redisson client. */
  public enum Ownership {
    CREATED,
    ADOPTED
  }

  private final Ownership ownership;
  private final RedisTopology topology;
  /** The configuration of a Redisson client to create when pub/sub is first needed (CREATED only). */
  private final Supplier<Config> redissonConfig;
  private RedissonClient redisson;
  private RedisConnections connections;

  private RedisClients(Ownership ownership, RedisTopology topology, Supplier<Config> redissonConfig,
      RedissonClient redisson) {
    this.ownership = ownership;
    this.topology = topology;
    this.redissonConfig = redissonConfig;
    this.redisson = redisson;
  }

  /**
   * Wraps a client the application built and will close itself; the request path connects with
   * Jedis to the servers its configuration names, with the same credentials, database and TLS.
   */
  public static RedisClients adopt(RedissonClient client) {
    RedisTopology topology = RedissonTopology.of(client.getConfig(), "the adopted RedissonClient");
    return new RedisClients(Ownership.ADOPTED, topology, client::getConfig, client);
  }

  /**
   * Connects the request path to the Redis the settings name ({@code redis.url}, {@code
   * redis.cluster-nodes}, {@code redis.sentinel-master} or {@code redis.config-file}), checking on a
   * first connection that the servers are what the configuration says. Redis being down is no
   * error: the cache starts, bypasses, and connects when Redis answers.
   *
   * @throws ConfigException when the configuration cannot work (a Cluster node as {@code redis.url}...)
   */
  public static RedisClients create(CacheSettings settings, ClassLoader loader) {
    Optional<String> yaml = settings.redissonConfigFile();
    Config fromFile = yaml.map(location -> fromYaml(location, loader)).orElse(null);
    RedisTopology topology = fromFile != null
        ? RedissonTopology.of(fromFile, RedisTopology.origin(ConfigKeys.REDIS_CONFIG_FILE, yaml.get()))
        : RedisTopology.of(settings);
    Supplier<Config> redisson = fromFile != null ? () -> PubSubConfig.fromFile(fromFile)
        : () -> PubSubConfig.of(topology, settings);
    RedisClients clients = new RedisClients(Ownership.CREATED, topology, redisson, null);
    clients.requestPath(settings.redisTimeout(), settings.redisMaxConnections());
    return clients;
  }

  /** The store, on the request path's connections (opened now for an adopted client). */
  public ResponseStore responseStore(CacheSettings settings) {
    return new RedisResponseStore(requestPath(settings.redisTimeout(), settings.redisMaxConnections()),
        new RedisKeys(settings.namespace()), settings.invalidationFence(), new ReplicaAcks(settings.invalidationReplicas()),
        settings.routeTable().routes().stream().map(io.github.httpcache.config.Route::name).toList());
  }

  /** Near-cache invalidations over Redis pub/sub, on the Redisson client (created now if need be). */
  public InvalidationBus invalidationBus(String channel, NearCache nearCache) {
    return new InvalidationBus(client(), channel, nearCache);
  }

  ResponseStore store(RedisKeys keys, Duration timeout, Duration fence) {
    return new RedisResponseStore(requestPath(timeout, Integer.parseInt(ConfigKeys.DEFAULT_MAX_CONNECTIONS)), keys, fence,
        new ReplicaAcks(-1), java.util.List.of());
  }

  private synchronized RedisConnections requestPath(Duration timeout, int maxConnections) {
    if (connections == null) {
      connections = RedisConnections.open(topology, timeout, maxConnections);
      log.info("http-cache Redis: {}, from {}; request path on Jedis {} (blocking, pooled: at most {} connections per"
          + " node, redis.max-connections), each exchange within redis.timeout {} ms; near-cache pub/sub on Redisson",
          topology.describe(), topology.origin(), jedisVersion(), maxConnections, timeout.toMillis());
    }
    return connections;
  }

  /** Jedis's version, from the properties its JAR carries. */
  private static String jedisVersion() {
    try (InputStream in = Jedis.class.getResourceAsStream("pom.properties")) {
      java.util.Properties properties = new java.util.Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "(version unknown)");
    } catch (IOException e) {
      return "(version unknown)";
    }
  }

  /** The Redisson client: the adopted one, or one created for pub/sub when first asked for. */
  public synchronized RedissonClient client() {
    if (redisson == null) {
      redisson = Redisson.create(redissonConfig.get());
    }
    return redisson;
  }

  public Ownership ownership() {
    return ownership;
  }

  /**
   * Redisson's own YAML (it resolves {@code ${VAR}} from the environment itself). Its timeouts and
   * pools apply to its pub/sub; each cache call waits at most {@code redis.timeout}.
   */
  private static Config fromYaml(String location, ClassLoader loader) {
    try (InputStream in = open(location, loader)) {
      return Config.fromYAML(in);
    } catch (IOException | RuntimeException e) {
      throw ConfigException.of(ConfigKeys.REDIS_CONFIG_FILE, location,
          "not a readable Redisson YAML configuration (" + e.getMessage() + ")");
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

  /** Closes the Jedis connections, and the Redisson client only if this cache created it. */
  @Override
  public synchronized void close() {
    if (connections != null) {
      connections.close();
    }
    if (ownership == Ownership.CREATED && redisson != null) {
      redisson.shutdown();
    }
  }
}
