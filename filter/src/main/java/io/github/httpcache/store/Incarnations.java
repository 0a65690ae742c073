package io.github.httpcache.store;

import io.github.httpcache.key.RedisKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Which Redis servers this namespace may trust to hold no entry older than an acknowledged
 * invalidation. A server restarted from a snapshot, or a replica promoted in a failover, can bring
 * back entries a write had invalidated; either shows a new {@code run_id}. The namespace records,
 * per master, the {@code run_id} it was last emptied on ({@link RedisKeys#incarnationKey}); a
 * connection is used only once its server's {@code run_id} matches it. A server that does not match
 * is emptied of the namespace in the background and sealed with its {@code run_id}; its requests
 * bypass the cache meanwhile. Every connection is checked once, so every restart is seen: the old
 * connections die with the old process.
 */
final class Incarnations implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Incarnations.class);
  private static final CommandObject<String> INFO_SERVER =
      new CommandObject<>(new CommandArguments(Protocol.Command.INFO).add("server"), BuilderFactory.STRING);

  private final RedisKeys keys;
  private final JedisClientConfig config;
  /** A slot the node serves, on a cluster: its incarnation key lives there. */
  private final Function<HostAndPort, OptionalInt> slotOf;
  /** Every master of a cluster; empty on one server. */
  private final Supplier<List<HostAndPort>> clusterMasters;
  private final CommandObjects commands = new CommandObjects(RedisProtocol.RESP2);
  /** Connections whose server matched: checked once each (identity, as Jedis connections are). */
  private final Set<Connection> verified = ConcurrentHashMap.newKeySet();
  private final Map<HostAndPort, Boolean> emptying = new ConcurrentHashMap<>();
  /** After a failed emptying, when to try again ({@link System#nanoTime()}): not on every request. */
  private final Map<HostAndPort, Long> retryAfter = new ConcurrentHashMap<>();
  private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "http-cache-redis-incarnation");
    thread.setDaemon(true);
    return thread;
  });
  private final ServerWatch servers = new ServerWatch(WATCH_INTERVAL);
  /** Per server, the key its write probe unlinks: built once, not on every lookup. */
  private final Function<HostAndPort, String> probeKeys;
  private volatile boolean infoRefusedLogged;
  /** How long startup waits for a server to be emptied before taking traffic (bypassing it meanwhile). */
  private static final Duration STARTUP_BUDGET = Duration.ofSeconds(10);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  /** How often a server's eviction policy and writes are checked again (one round trip per server). */
  private static final Duration WATCH_INTERVAL = Duration.ofMillis(250);

  Incarnations(RedisKeys keys, JedisClientConfig config, Function<HostAndPort, OptionalInt> slotOf,
      Supplier<List<HostAndPort>> clusterMasters) {
    this.keys = keys;
    this.config = config;
    this.slotOf = slotOf;
    this.clusterMasters = clusterMasters;
    this.probeKeys = node -> keys.incarnationKey(slotOf.apply(node)) + ":write-probe";
    background.scheduleWithFixedDelay(this::forgetClosed, 10, 10, TimeUnit.SECONDS);
  }

  /**
   * Lets {@code connection} serve this namespace if its server is the one the namespace was sealed
   * on and {@link ServerWatch} finds nothing against it ({@code serving}: for a lookup); else
   * starts emptying that server if it needs it, and refuses.
   *
   * @throws StoreUnavailableException while the server is not trusted
   */
  void admit(Connection connection, boolean serving) {
    HostAndPort node = connection.getHostAndPort();
    servers.check(connection, probeKeys, serving);
    boolean evicting = servers.needsEmptying(node);
    if (verified.contains(connection) && !evicting) {
      return;
    }
    String key = keys.incarnationKey(slotOf.apply(node));
    Optional<String> runId = runId(connection);
    String sealed = connection.executeCommand(commands.get(key));
    if (sealed == null && runId.isPresent() && clusterMasters.get().isEmpty() && !evicting) {
      // No record: a first start, or everything went (a flush, a restart without data). Nothing older
      // is there. Not so on a cluster: the other masters' entries may be named only in indexes it lost.
      connection.executeCommand(commands.set(key, runId.get(), SetParams.setParams().nx()));
      sealed = connection.executeCommand(commands.get(key));
    }
    if (runId.isEmpty() || (runId.get().equals(sealed) && !evicting)) {
      verified.add(connection);
      return;
    }
    verified.remove(connection);
    startEmptying(node, key, runId.get());
    throw evicting ? new StoreUnavailableException("Redis " + node + " had an allkeys-* maxmemory-policy, which may"
        + " have evicted the cache's fence records; the namespace is emptied there before it is trusted again", null)
        : untrusted(node, runId.get(), sealed);
  }

  /** At startup, before traffic: empties {@code connection}'s server now if it is not trusted yet. */
  void settle(Connection connection) {
    try {
      admit(connection, false);
    } catch (StoreUnavailableException untrusted) {
      awaitEmptied(connection.getHostAndPort());
    }
  }

  private void awaitEmptied(HostAndPort node) {
    long deadline = System.nanoTime() + STARTUP_BUDGET.toNanos();
    while (emptying.containsKey(node) && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private StoreUnavailableException untrusted(HostAndPort node, String runId, String sealed) {
    String why = sealed == null ? "has no record of " + keys.namespace() + " (a cluster master restarted or flushed)"
        : "is not the server " + keys.namespace() + " was sealed on (" + sealed + "): it restarted or was promoted";
    return new StoreUnavailableException("Redis " + node + " (run_id " + runId + ") " + why
        + "; it may hold entries older than acknowledged invalidations, so the namespace is emptied first", null);
  }

  /** The server's {@code run_id}; empty (trusted, with one WARN) where an ACL refuses {@code INFO}. */
  private Optional<String> runId(Connection connection) {
    try {
      String info = connection.executeCommand(INFO_SERVER);
      return Optional.of(TopologyCheck.field(info, "run_id")).filter(runId -> !runId.isEmpty());
    } catch (JedisDataException refused) {
      if (!infoRefusedLogged) {
        infoRefusedLogged = true;
        log.warn("Redis refused INFO ({}): a restart from a snapshot or a promoted replica cannot be detected, and"
            + " may serve entries older than acknowledged invalidations; allow +info for the cache's user", refused.getMessage());
      }
      return Optional.empty();
    }
  }

  private void startEmptying(HostAndPort node, String key, String runId) {
    Long after = retryAfter.get(node);
    if ((after != null && System.nanoTime() - after < 0) || emptying.putIfAbsent(node, Boolean.TRUE) != null) {
      return;
    }
    try {
      background.execute(() -> {
        try {
          empty(node, key, runId);
        } finally {
          emptying.remove(node);
        }
      });
    } catch (RejectedExecutionException closing) {
      emptying.remove(node);
    }
  }

  /**
   * Unlinks the namespace's entries on {@code node} (on every master of a cluster: the key indexes,
   * tag sets and fill registry it holds may have lost members naming entries on the others), then
   * seals it with its {@code run_id}.
   */
  private void empty(HostAndPort node, String key, String runId) {
    List<HostAndPort> masters = clusterMasters.get();
    try {
      long removed = 0;
      for (HostAndPort target : masters.isEmpty() ? List.of(node) : masters) {
        removed += emptyOne(target);
      }
      try (Connection connection = new Connection(node, config)) {
        // Sealed only if it is still that process: another restart meanwhile starts over.
        if (runId(connection).map(runId::equals).orElse(true)) {
          connection.executeCommand(commands.set(key, runId));
          servers.emptied(node);
          log.info("Redis {} (run_id {}) is new to {}: removed the {} keys of it on {}, and trusts it from now on",
              node, runId, keys.namespace(), removed, masters.isEmpty() ? "that server" : "every master");
        }
      }
    } catch (JedisException e) {
      retryAfter.put(node, System.nanoTime() + RETRY_AFTER.toNanos());
      log.warn("Emptying {} on Redis {} failed ({}); it stays bypassed and is tried again in {} s",
          keys.namespace(), node, e.getMessage(), RETRY_AFTER.toSeconds());
    }
  }

  /**
   * Unlinks the namespace's keys on {@code target}, but not the masters' incarnation records nor
   * what names keys for invalidations: while other masters are still being emptied, an
   * invalidation walking a key index or tag set must find the entries they still hold.
   */
  private long emptyOne(HostAndPort target) {
    String records = keys.incarnationKey(OptionalInt.empty());
    long removed = 0;
    try (Connection connection = new Connection(target, config)) {
      ScanParams params = new ScanParams().match(keys.everyKeyPattern()).count(1000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = connection.executeCommand(commands.scan(cursor, params));
        removed += unlink(connection, page.getResult().stream()
            .filter(name -> !name.startsWith(records) && !keys.namesOtherKeys(name)).toList());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
    return removed;
  }

  /** One UNLINK per key, pipelined: on a cluster the page's keys lie in many slots. */
  private long unlink(Connection connection, List<String> page) {
    Pipeline pipeline = new Pipeline(connection, false);
    List<Response<Long>> unlinked = page.stream().map(key -> pipeline.appendCommand(commands.unlink(key))).toList();
    pipeline.sync();
    return unlinked.stream().mapToLong(Response::get).sum();
  }

  /** Forgets connections that are closed, so the set holds only live ones. */
  private void forgetClosed() {
    verified.removeIf(connection -> !connection.isConnected() || connection.isBroken());
  }

  @Override
  public void close() {
    background.shutdownNow();
  }
}
