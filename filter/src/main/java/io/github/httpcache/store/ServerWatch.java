package io.github.httpcache.store;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/**
 * What a server must keep doing for entries to be served from it, read again at most once per
 * interval on a connection a request already holds:
 * <ul>
 *   <li>an eviction policy that spares the fence's records. Startup refuses {@code allkeys-*}
 *       ({@link TopologyCheck}); one set later ({@code CONFIG SET}, a restart with another
 *       configuration, a master startup could not reach or that came later) may evict them, so the server is
 *       refused while it has it and must be emptied of the namespace before it is trusted again
 *       ({@link #needsEmptying});</li>
 *   <li>accepting writes. A server that answers reads but refuses writes ({@code NOREPLICAS},
 *       {@code MISCONF} after a failed snapshot, {@code READONLY} once demoted) would serve entries a
 *       write's invalidation could not reach once that write is answered from the journal; it is
 *       refused until it has accepted writes for a whole interval, by which time invalidations
 *       journaled meanwhile are replayed (every 50 ms).</li>
 * </ul>
 */
final class ServerWatch {
  private static final Logger log = LoggerFactory.getLogger(ServerWatch.class);
  private static final CommandObject<String> INFO_MEMORY =
      new CommandObject<>(new CommandArguments(Protocol.Command.INFO).add("memory"), BuilderFactory.STRING);
  private static final Function<String, CommandObject<Long>> UNLINK = key ->
      new CommandObject<>(new CommandArguments(Protocol.Command.UNLINK).key(key), BuilderFactory.LONG);

  private final Map<HostAndPort, ServerVerdict> verdicts = new ConcurrentHashMap<>();
  /** Servers seen with an unsafe policy since they were last emptied. */
  private final Set<HostAndPort> seenUnsafe = ConcurrentHashMap.newKeySet();
  private final long intervalNanos;

  ServerWatch(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** Whether {@code policy} may evict keys without a TTL, which the fence's records are. */
  static boolean evictsFenceRecords(String policy) {
    return policy.startsWith("allkeys-");
  }

  /**
   * Reads {@code connection}'s server again if the last reading is older than the interval (one
   * caller at a time per server; the others use the last reading).
   *
   * @param probeKey for a server, a key of the namespace on it, never written: the write probe unlinks it
   * @param serving whether the exchange reads entries to serve (a lookup), not writes or invalidates
   * @throws StoreUnavailableException while that server may not be used so
   */
  void check(Connection connection, Function<HostAndPort, String> probeKey, boolean serving) {
    HostAndPort node = connection.getHostAndPort();
    long now = System.nanoTime();
    ServerVerdict last = verdicts.get(node);
    ServerVerdict claim = null;
    if (last == null) {
      claim = ServerVerdict.unread(now);
      claim = verdicts.putIfAbsent(node, claim) == null ? claim : null;
    } else if (now - last.atNanos() >= intervalNanos) {
      claim = last.claimedAt(now);
      claim = verdicts.replace(node, last, claim) ? claim : null;
    }
    ServerVerdict current = claim != null ? read(connection, probeKey, node, claim) : verdicts.get(node);
    Optional<String> refusal = current.refusalFor(serving);
    if (refusal.isPresent()) {
      throw new StoreUnavailableException("Redis " + node + " " + refusal.get(), null);
    }
  }

  /** Whether {@code node} had an unsafe policy since it was last emptied: what it holds cannot be trusted. */
  boolean needsEmptying(HostAndPort node) {
    return !seenUnsafe.isEmpty() && seenUnsafe.contains(node);
  }

  /** {@code node} was emptied of the namespace after its policy became safe again. */
  void emptied(HostAndPort node) {
    seenUnsafe.remove(node);
  }

  /** Two commands, two round trips: a write that waits is told from a server that answers nothing. */
  private ServerVerdict read(Connection connection, Function<HostAndPort, String> probeKey, HostAndPort node,
      ServerVerdict last) {
    Optional<String> policy = policy(connection);
    try {
      return record(node, last, policy.filter(ServerWatch::evictsFenceRecords), writeRefusal(connection, probeKey.apply(node)));
    } catch (JedisConnectionException e) {
      // Reads answered but a write waits (CLIENT PAUSE WRITE): refused as surely as with an error reply.
      if (e.getCause() instanceof SocketTimeoutException) {
        record(node, last, policy.filter(ServerWatch::evictsFenceRecords), Optional.of("a write waited past redis.timeout"));
      }
      throw e;
    }
  }

  private ServerVerdict record(HostAndPort node, ServerVerdict last, Optional<String> unsafePolicy,
      Optional<String> writeRefusal) {
    ServerVerdict verdict = ServerVerdict.after(last, last.atNanos(), unsafePolicy, writeRefusal);
    verdicts.put(node, verdict);
    report(node, unsafePolicy, writeRefusal, last);
    return verdict;
  }

  private void report(HostAndPort node, Optional<String> unsafePolicy, Optional<String> writeRefusal,
      ServerVerdict last) {
    if (unsafePolicy.isPresent() && seenUnsafe.add(node)) {
      log.error("Redis {} now has maxmemory-policy {}, which may evict the cache's fence records (a write could then"
          + " be followed by a stale read): the cache bypasses it until the policy is volatile-lru, volatile-lfu,"
          + " volatile-ttl, volatile-random or noeviction, then empties its namespace there first",
          node, unsafePolicy.get());
    }
    if (writeRefusal.isPresent() && !last.writesRefused()) {
      log.warn("Redis {} answers reads but refuses writes ({}): the cache bypasses it until it accepts them again",
          node, writeRefusal.get());
    } else if (writeRefusal.isEmpty() && last.writesRefused()) {
      log.info("Redis {} accepts writes again: the cache serves from it from its next reading on", node);
    }
  }

  /** The server's policy; empty where an ACL refuses {@code INFO} (then nothing can be told, as at startup). */
  private static Optional<String> policy(Connection connection) {
    try {
      return Optional.of(TopologyCheck.field(connection.executeCommand(INFO_MEMORY), "maxmemory_policy"))
          .filter(policy -> !policy.isEmpty());
    } catch (JedisDataException refused) {
      return Optional.empty();
    }
  }

  /**
   * The error the write probe met, if Redis refused it (an ACL refusal too: the probe key is the
   * namespace's, and the cache's user must be able to unlink those); not a redirection (the slot
   * moved: the request's own command follows it).
   */
  private static Optional<String> writeRefusal(Connection connection, String probeKey) {
    try {
      connection.executeCommand(UNLINK.apply(probeKey));
      return Optional.empty();
    } catch (JedisMovedDataException | JedisAskDataException moved) {
      return Optional.empty();
    } catch (JedisDataException refused) {
      return Optional.of(refused.getMessage());
    }
  }
}
