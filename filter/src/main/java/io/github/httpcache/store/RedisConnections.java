package io.github.httpcache.store;

import io.github.httpcache.config.ConfigException;
import io.github.httpcache.key.ClusterSlots;
import io.github.httpcache.key.RedisKeys;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.providers.SentineledConnectionProvider;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.Pool;

/**
 * The request path's connections to Redis: Jedis's pooled blocking connections, at most {@code
 * redis.max-connections} per node, to the one server, to each master of a cluster, or to the
 * master a Sentinel group names (never to a replica). The topology is checked on a first
 * connection; when Redis does not answer yet, the cache starts all the same, bypasses, and keeps
 * trying in the background every second.
 */
final class RedisConnections implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);
  private static final Duration RECONNECT_EVERY = Duration.ofSeconds(1);
  /** How often a cluster's slot map is read again, so a failover is followed without waiting for a MOVED reply. */
  private static final Duration CLUSTER_REFRESH = Duration.ofSeconds(2);
  /** Connections per master opened and checked at startup, before traffic. */
  private static final int WARM_CONNECTIONS = 4;

  private final RedisTopology topology;
  private final int maxConnections;
  private final Duration timeout;
  private final JedisClientConfig data;
  private final JedisClientConfig sentinels;
  private final Deadlines deadlines;
  /** Gives broken connections back to their pools, which reconnect, off the request threads. */
  private final java.util.concurrent.ExecutorService closer = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "http-cache-redis-closer");
    thread.setDaemon(true);
    return thread;
  });
  private final ScheduledExecutorService reconnect = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "http-cache-redis-connect");
    thread.setDaemon(true);
    return thread;
  });
  private volatile ConnectionProvider provider;
  /** Per namespace served over these connections: which servers it trusts (see {@link Incarnations}). */
  private final List<Incarnations> incarnations = new java.util.concurrent.CopyOnWriteArrayList<>();

  private RedisConnections(RedisTopology topology, Duration timeout, int maxConnections) {
    this.topology = topology;
    this.timeout = timeout;
    this.maxConnections = maxConnections;
    this.data = clientConfig(topology.login(), topology.database(), topology.tls(), topology.trust().orElse(null));
    this.sentinels = clientConfig(topology.sentinelLogin(), 0, topology.sentinelTls(), topology.trust().orElse(null));
    this.deadlines = new Deadlines(timeout);
  }

  /**
   * Connects to {@code topology}, or starts trying in the background if it does not answer.
   *
   * @throws ConfigException when the servers say the configuration names the wrong kind of node
   */
  static RedisConnections open(RedisTopology topology, Duration timeout, int maxConnections) {
    RedisConnections connections = new RedisConnections(topology, timeout, maxConnections);
    try {
      connections.connect();
    } catch (ConfigException e) {
      connections.close();
      throw e;
    } catch (JedisException e) {
      log.warn("Redis ({}) does not answer yet ({}): requests bypass the cache until it does", topology.describe(),
          GuardedStore.describe(e));
      connections.reconnect.scheduleWithFixedDelay(connections::retry, RECONNECT_EVERY.toMillis(),
          RECONNECT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
    return connections;
  }

  private JedisClientConfig clientConfig(RedisTopology.Login login, int database, boolean tls, SSLSocketFactory trust) {
    int millis = (int) Math.max(1, timeout.toMillis());
    return DefaultJedisClientConfig.builder()
        .user(login.user().orElse(null)).password(login.password().orElse(null)).database(database)
        .ssl(tls).sslSocketFactory(trust)
        .connectionTimeoutMillis(millis).socketTimeoutMillis(millis)
        .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).protocol(RedisProtocol.RESP2)
        .build();
  }

  private void connect() {
    try {
      TopologyCheck.verify(topology, data, sentinels);
    } catch (JedisDataException refused) {
      // Redis answered but refused the check (a wrong password): requests will say so, one WARN at a time.
      log.warn("Redis ({}) refused the startup check: {}", topology.describe(), refused.getMessage());
    }
    provider = createProvider();
  }

  private ConnectionProvider createProvider() {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(maxConnections);
    pool.setMaxIdle(maxConnections);
    pool.setMaxWait(timeout);
    pool.setJmxEnabled(false);
    // Idle and wait time statistics on every borrow: 4 % of a Redis hit's CPU, read by nothing here.
    pool.setCollectDetailedStatistics(false);
    return switch (topology.kind()) {
      case SINGLE -> new PooledConnectionProvider(topology.nodes().get(0), data, pool);
      case CLUSTER -> new ClusterConnectionProvider(Set.copyOf(topology.nodes()), data, pool, CLUSTER_REFRESH);
      case SENTINEL -> new SentineledConnectionProvider(topology.masterName(), data, pool, Set.copyOf(topology.nodes()),
          sentinels);
    };
  }

  /** The background attempt: until Redis answers, or shows a configuration that can never work. */
  private void retry() {
    try {
      connect();
      incarnations.forEach(this::settle);
      log.info("Redis ({}) answers: caching starts", topology.describe());
      reconnect.shutdown();
    } catch (ConfigException e) {
      log.error("http-cache configuration error: {}; the cache stays bypassed until it is fixed", e.getMessage());
      reconnect.shutdown();
    } catch (JedisException e) {
      log.debug("Redis ({}) still does not answer: {}", topology.describe(), e.getMessage());
    }
  }

  /**
   * Hands a connection back to its pool. A broken one goes back off the request thread: the pool
   * replaces it at once, and connecting (a TLS handshake, {@code HELLO}) to a server that does not
   * answer would cost the request a second {@code redis.timeout}.
   */
  void giveBack(Connection connection, Runnable close) {
    if (connection != null && connection.isBroken()) {
      try {
        closer.execute(() -> quietly(close));
        return;
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Shutting down: close here.
      }
    }
    close.run();
  }

  /** A broken connection's pipeline throws as it closes (it cannot send); the connection is gone either way. */
  private static void quietly(Runnable close) {
    try {
      close.run();
    } catch (JedisException e) {
      log.debug("Closing a broken Redis connection: {}", e.getMessage());
    }
  }

  CommandBatch batch() {
    return new CommandBatch(this, false);
  }

  /** A batch that reads entries to serve: refused where a server answers reads but not writes ({@link ServerWatch}). */
  CommandBatch lookupBatch() {
    return new CommandBatch(this, true);
  }

  Deadlines deadlines() {
    return deadlines;
  }

  RedisTopology topology() {
    return topology;
  }

  int maxConnections() {
    return maxConnections;
  }

  private ConnectionProvider provider() {
    ConnectionProvider current = provider;
    if (current == null) {
      throw new StoreUnavailableException("Redis (" + topology.describe() + ") has not answered since startup", null);
    }
    return current;
  }

  /**
   * A pooled connection to the master that serves {@code arguments}' key, once that server is one
   * every namespace here trusts ({@code serving}: to serve entries from); its {@code close()} gives it back.
   */
  Connection connectionFor(CommandArguments arguments, boolean serving) {
    Connection connection = provider().getConnection(arguments);
    try {
      for (Incarnations trust : incarnations) {
        trust.admit(connection, serving);
      }
      return connection;
    } catch (RuntimeException e) {
      giveBack(connection, connection::close);
      throw e;
    }
  }

  /** From now on, connections serve {@code keys}' namespace only on servers it was emptied on since they started. */
  void trustOnlyIncarnationsOf(RedisKeys keys) {
    Incarnations trust = new Incarnations(keys, data, this::slotServedBy, this::clusterMasters);
    incarnations.add(trust);
    if (provider != null) {
      settle(trust);
    }
  }

  /**
   * Before traffic: each master is checked (and emptied if new to the namespace) now, on a few
   * connections opened ahead, so the first requests and invalidations do not pay for connecting.
   */
  private void settle(Incarnations trust) {
    for (Pool<Connection> master : masters()) {
      List<Connection> opened = new java.util.ArrayList<>();
      try {
        while (opened.size() < Math.min(WARM_CONNECTIONS, maxConnections)) {
          opened.add(master.getResource());
          trust.settle(opened.get(opened.size() - 1));
        }
      } catch (JedisException e) {
        log.debug("Checking a Redis master's incarnation at startup failed: {}", e.getMessage());
      } finally {
        opened.forEach(Connection::close);
      }
    }
  }

  /** A cluster's masters now; empty on one server. */
  private List<HostAndPort> clusterMasters() {
    if (!(provider() instanceof ClusterConnectionProvider cluster)) {
      return List.of();
    }
    return cluster.getPrimaryNodesConnectionMap().keySet().stream().map(HostAndPort::from).toList();
  }

  /** On a cluster, the first slot {@code node} serves (where its incarnation key lives). */
  private OptionalInt slotServedBy(HostAndPort node) {
    if (!(provider() instanceof ClusterConnectionProvider cluster)) {
      return OptionalInt.empty();
    }
    for (int slot = 0; slot < ClusterSlots.COUNT; slot++) {
      if (node.equals(cluster.getNode(slot))) {
        return OptionalInt.of(slot);
      }
    }
    return OptionalInt.empty();
  }

  /** Each master's pool, for walks that visit every node (SCAN). */
  @SuppressWarnings("unchecked")
  Collection<Pool<Connection>> masters() {
    return (Collection<Pool<Connection>>) provider().getPrimaryNodesConnectionMap().values();
  }

  /** Whether all of {@code commands} go to one node, so one connection keeps their order. */
  boolean isOneNode(List<CommandObject<?>> commands) {
    if (!(provider() instanceof ClusterConnectionProvider cluster)) {
      return true;
    }
    return commands.stream().flatMap(command -> command.getArguments().getKeyHashSlots().stream())
        .map(cluster::getNode).distinct().count() <= 1;
  }

  /** A dead connection was found: those idle beside it are likely dead too (Redis restarted). */
  void dropIdleConnections() {
    ConnectionProvider current = provider;
    if (current != null) {
      current.getConnectionMap().values().forEach(pool -> ((Pool<?>) pool).clear());
    }
  }

  /** A MOVED or ASK reply: read the slot map again, so the next request goes to the right master. */
  void slotsMoved() {
    if (provider instanceof ClusterConnectionProvider cluster) {
      cluster.renewSlotCache();
    }
  }

  @Override
  public void close() {
    incarnations.forEach(Incarnations::close);
    reconnect.shutdownNow();
    closer.shutdown();
    deadlines.close();
    ConnectionProvider current = provider;
    if (current != null) {
      try {
        current.close();
      } catch (Exception e) {
        log.debug("Closing the Redis connections: {}", e.getMessage());
      }
    }
  }
}
