package io.github.httpcache.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.Pool;

/**
 * Walks the keys matching a pattern with SCAN (never KEYS) on every master, a page at a time, each
 * page an exchange within {@code redis.timeout}; optionally UNLINKs each page on the node that
 * returned it (so a cluster never sees a multi-key command across slots).
 */
final class NamespaceScan {
  static final int PAGE = 500;

  private final RedisConnections redis;
  private final CommandObjects commands;
  private final ReplicaAcks acks;

  NamespaceScan(RedisConnections redis, CommandObjects commands, ReplicaAcks acks) {
    this.redis = redis;
    this.commands = commands;
    this.acks = acks;
  }

  /** Whether the walk removes the keys it selects, or only counts them. */
  enum Action {
    COUNT,
    UNLINK
  }

  /**
   * Visits the keys matching {@code pattern} that {@code selected} accepts (removing them with
   * {@link Action#UNLINK}); returns how many of those {@code counted} accepts.
   */
  long walk(String pattern, Predicate<String> selected, Predicate<String> counted, Action action) {
    long matched = 0;
    try {
      for (Pool<Connection> master : redis.masters()) {
        try (Connection connection = master.getResource()) {
          matched += walk(connection, pattern, selected, counted, action);
        }
      }
    } catch (JedisException e) {
      throw new StoreUnavailableException("SCAN " + pattern + " failed: " + e.getMessage(), e);
    }
    return matched;
  }

  private long walk(Connection connection, String pattern, Predicate<String> selected, Predicate<String> counted,
      Action action) {
    ScanParams params = new ScanParams().match(pattern).count(PAGE);
    long matched = 0;
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      String at = cursor;
      ScanResult<String> page = exchange(connection, () -> connection.executeCommand(commands.scan(at, params)));
      List<String> keys = new ArrayList<>(page.getResult().size());
      page.getResult().stream().filter(selected).forEach(keys::add);
      matched += keys.stream().filter(counted).count();
      if (action == Action.UNLINK && !keys.isEmpty()) {
        exchange(connection, () -> unlink(connection, keys));
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return matched;
  }

  /** Deletes a page of keys; with replicas to wait for, only once they have the deletes too. */
  private Void unlink(Connection connection, List<String> keys) {
    int required = acks.required(connection);
    Pipeline pipeline = new Pipeline(connection, false);
    keys.forEach(pipeline::unlink);
    Response<Long> acknowledged = required > 0
        ? pipeline.appendCommand(ReplicaAcks.waitFor(required, redis.deadlines().millisLeft())) : null;
    pipeline.sync();
    if (acknowledged != null && acknowledged.get() < required) {
      throw new JedisDataException("WAIT: " + acknowledged.get() + " of " + required + " replicas acknowledged the deletes");
    }
    return null;
  }

  private <T> T exchange(Connection connection, java.util.function.Supplier<T> call) {
    redis.deadlines().watch(connection, redis.deadlines().deadline());
    try {
      return call.get();
    } finally {
      redis.deadlines().release(connection);
    }
  }
}
