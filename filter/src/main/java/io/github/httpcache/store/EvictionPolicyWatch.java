package io.github.httpcache.store;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Reads each server's {@code maxmemory-policy} again, at most once per interval, on a connection a
 * request already holds. Startup refuses an {@code allkeys-*} policy ({@link TopologyCheck}); one set
 * later ({@code CONFIG SET}, a restart with another configuration, a cluster master startup did not
 * ask) may evict the fence's own records as well, so that server is refused while it has it, and
 * must be emptied of the namespace before it is trusted again ({@link #needsEmptying}).
 */
final class EvictionPolicyWatch {
  private static final Logger log = LoggerFactory.getLogger(EvictionPolicyWatch.class);
  private static final CommandObject<String> INFO_MEMORY =
      new CommandObject<>(new CommandArguments(Protocol.Command.INFO).add("memory"), BuilderFactory.STRING);

  /** When a server's policy was read, and the policy if it may evict the fence's records (else null). */
  private record Reading(long atNanos, String unsafePolicy) {}

  private final Map<HostAndPort, Reading> readings = new ConcurrentHashMap<>();
  /** Servers seen with an unsafe policy since they were last emptied. */
  private final Set<HostAndPort> seenUnsafe = ConcurrentHashMap.newKeySet();
  private final long intervalNanos;

  EvictionPolicyWatch(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** Whether {@code policy} may evict keys without a TTL, which the fence's records are. */
  static boolean evictsFenceRecords(String policy) {
    return policy.startsWith("allkeys-");
  }

  /**
   * Reads the policy of {@code connection}'s server if the last reading is older than the interval
   * (one caller at a time per server; the others use the last reading).
   *
   * @throws StoreUnavailableException while that server's policy may evict the fence's records
   */
  void check(Connection connection) {
    HostAndPort node = connection.getHostAndPort();
    long now = System.nanoTime();
    Reading last = readings.get(node);
    boolean due = last == null ? readings.putIfAbsent(node, new Reading(now, null)) == null
        : now - last.atNanos() >= intervalNanos && readings.replace(node, last, new Reading(now, last.unsafePolicy()));
    Reading current = due ? read(connection, node, now) : readings.get(node);
    if (current.unsafePolicy() != null) {
      throw new StoreUnavailableException("Redis " + node + " has maxmemory-policy " + current.unsafePolicy()
          + ", which may evict the cache's fence records: bypassed until it is volatile-* or noeviction", null);
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

  private Reading read(Connection connection, HostAndPort node, long now) {
    Reading reading = new Reading(now, policy(connection).filter(EvictionPolicyWatch::evictsFenceRecords).orElse(null));
    readings.put(node, reading);
    if (reading.unsafePolicy() != null && seenUnsafe.add(node)) {
      log.error("Redis {} now has maxmemory-policy {}, which may evict the cache's fence records (a write could then"
          + " be followed by a stale read): the cache bypasses it until the policy is volatile-lru, volatile-lfu,"
          + " volatile-ttl, volatile-random or noeviction, then empties its namespace there first",
          node, reading.unsafePolicy());
    }
    return reading;
  }

  /** The server's policy; empty where an ACL refuses {@code INFO} (then nothing can be told, as at startup). */
  private static Optional<String> policy(Connection connection) {
    try {
      return connection.executeCommand(INFO_MEMORY).lines().filter(line -> line.startsWith("maxmemory_policy:"))
          .map(line -> line.substring("maxmemory_policy:".length()).trim()).findFirst();
    } catch (JedisDataException refused) {
      return Optional.empty();
    }
  }
}
