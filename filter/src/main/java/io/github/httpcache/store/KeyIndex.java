package io.github.httpcache.store;

import io.github.httpcache.key.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * The namespace's own index of its entry keys, so pattern invalidations and purges cost what the
 * namespace holds and never what Redis holds: per route, a sorted set {@code <ns>~keys:{route}} of
 * the Redis keys saved under it, scored by expiry plus a slack (the fence window, so a member
 * outlives its entry despite clock skew between cluster nodes), pruned as it grows; and the set
 * {@code <ns>~indexes} of the routes that wrote one, so a node also walks the indexes of routes
 * only other nodes know. Neither has a TTL: a {@code volatile-*} policy never evicts them.
 * Members are only ever removed once expired: one removed while its key was saved again would
 * leave a live entry no purge could find.
 */
final class KeyIndex {
  /** Members a ZSCAN page asks for: each page is one exchange, then one exchange that removes its keys. */
  static final int PAGE = 1_000;

  private final RedisConnections redis;
  private final CommandObjects commands;
  private final RedisKeys keys;
  private final Collection<String> configuredRoutes;
  private final long slackMillis;

  KeyIndex(RedisConnections redis, CommandObjects commands, RedisKeys keys, Collection<String> configuredRoutes,
      Duration slack) {
    this.redis = redis;
    this.commands = commands;
    this.keys = keys;
    this.configuredRoutes = List.copyOf(configuredRoutes);
    this.slackMillis = slack.toMillis();
  }

  /** Adds to a save's batch: {@code redisKeys} join {@code route}'s index until {@code ttl} (and the slack) passes. */
  void addSave(CommandBatch batch, String route, List<String> redisKeys, Duration ttl) {
    List<String> arguments = new ArrayList<>(redisKeys.size() + 1);
    arguments.add(Long.toString(ttl.toMillis() + slackMillis));
    arguments.addAll(redisKeys);
    batch.add(commands.eval(RedisScripts.EXPIRING_SET_ADD, List.of(keys.keyIndexKey(route)), arguments));
    batch.add(commands.sadd(keys.keyIndexesKey(), route));
  }

  /**
   * Hands each page of indexed keys matching {@code match} (a glob over Redis keys; every key when
   * empty) to {@code page}, summing what it returns. Keys saved while the walk runs may be left
   * out: the caller fences the fills under way, which covers them.
   */
  long walk(Optional<String> match, ToLongFunction<List<String>> page) {
    long total = 0;
    for (String index : liveIndexes()) {
      total += walk(index, match, page);
    }
    return total;
  }

  private long walk(String index, Optional<String> match, ToLongFunction<List<String>> page) {
    ScanParams params = new ScanParams().count(PAGE);
    match.ifPresent(params::match);
    long total = 0;
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      CommandBatch batch = redis.batch();
      CommandBatch.Reply<ScanResult<Tuple>> scanned = batch.add(commands.zscan(index, cursor, params));
      batch.execute("ZSCAN", index);
      List<String> members = scanned.get().getResult().stream().map(Tuple::getElement).toList();
      if (!members.isEmpty()) {
        total += page.applyAsLong(members);
      }
      cursor = scanned.get().getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return total;
  }

  /** How many keys the indexes hold (entries, and those invalidated within their TTL), after pruning. */
  long count() {
    return sizes(indexes()).stream().mapToLong(Long::longValue).sum();
  }

  /** The indexes with live members, pruned of expired ones. */
  private List<String> liveIndexes() {
    List<String> indexes = indexes();
    List<Long> sizes = sizes(indexes);
    List<String> live = new ArrayList<>();
    for (int i = 0; i < indexes.size(); i++) {
      if (sizes.get(i) > 0) {
        live.add(indexes.get(i));
      }
    }
    return live;
  }

  /** Every route index: those the registry names and this node's routes (in case the registry was lost). */
  private List<String> indexes() {
    CommandBatch batch = redis.batch();
    CommandBatch.Reply<java.util.Set<String>> registered = batch.add(commands.smembers(keys.keyIndexesKey()));
    batch.execute("SMEMBERS", keys.keyIndexesKey());
    TreeSet<String> routes = new TreeSet<>(registered.get());
    routes.addAll(configuredRoutes);
    return routes.stream().map(keys::keyIndexKey).toList();
  }

  private List<Long> sizes(List<String> indexes) {
    if (indexes.isEmpty()) {
      return List.of();
    }
    CommandBatch batch = redis.batch();
    List<CommandBatch.Reply<Object>> sizes = indexes.stream()
        .map(index -> batch.add(commands.eval(RedisScripts.EXPIRING_SET_SIZE, List.of(index), List.of()))).toList();
    batch.execute("ZCARD", indexes.get(0));
    return sizes.stream().map(size -> (Long) size.get()).toList();
  }
}
