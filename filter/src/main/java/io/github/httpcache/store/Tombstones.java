package io.github.httpcache.store;

import io.github.httpcache.key.ClusterSlots;
import io.github.httpcache.key.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;

/**
 * Writes tombstones over entry keys and replaces their slots' epochs ({@link
 * RedisScripts#INVALIDATE_KEYS}), many keys per script call: any keys on one server, one slot's
 * keys on a cluster (a script's keys must share a slot there). Each exchange carries at most
 * {@value #KEYS_PER_EXCHANGE} keys, so a purge of thousands stays within {@code redis.timeout} per
 * exchange, and is done only once the replicas acknowledge it.
 */
final class Tombstones {
  /** Redis runs one script at a time: this bounds how long a purge holds other clients up (well under a millisecond). */
  static final int KEYS_PER_CALL = 200;
  static final int KEYS_PER_EXCHANGE = 2_000;
  private static final byte[] SCRIPT = RedisScripts.INVALIDATE_KEYS.getBytes(StandardCharsets.UTF_8);
  private static final byte[] TOMBSTONE_KIND = {CachedResponseCodec.KIND_TOMBSTONE};

  private final RedisConnections redis;
  private final CommandObjects commands;
  private final RedisKeys keys;
  private final ReplicaAcks acks;
  private final byte[] fenceMillis;

  Tombstones(RedisConnections redis, CommandObjects commands, RedisKeys keys, ReplicaAcks acks, Duration fence) {
    this.redis = redis;
    this.commands = commands;
    this.keys = keys;
    this.acks = acks;
    this.fenceMillis = utf8(Long.toString(fence.toMillis()));
  }

  /** Tombstones each of {@code redisKeys}; returns how many held an entry. */
  long write(Collection<String> redisKeys) {
    List<List<String>> calls = calls(redisKeys);
    long removed = 0;
    List<List<String>> exchange = new ArrayList<>();
    int keysInExchange = 0;
    for (List<String> call : calls) {
      if (keysInExchange + call.size() > KEYS_PER_EXCHANGE && !exchange.isEmpty()) {
        removed += exchange(exchange);
        exchange = new ArrayList<>();
        keysInExchange = 0;
      }
      exchange.add(call);
      keysInExchange += call.size();
    }
    return exchange.isEmpty() ? removed : removed + exchange(exchange);
  }

  /** The keys of each script call: one group on a single server, one per slot on a cluster, split at {@link #KEYS_PER_CALL}. */
  private List<List<String>> calls(Collection<String> redisKeys) {
    boolean cluster = redis.topology().kind() == RedisTopology.Kind.CLUSTER;
    Map<Integer, List<String>> groups = new LinkedHashMap<>();
    for (String key : new LinkedHashSet<>(redisKeys)) {
      groups.computeIfAbsent(cluster ? ClusterSlots.slotOf(key) : 0, slot -> new ArrayList<>()).add(key);
    }
    List<List<String>> calls = new ArrayList<>();
    for (List<String> group : groups.values()) {
      for (int from = 0; from < group.size(); from += KEYS_PER_CALL) {
        calls.add(group.subList(from, Math.min(group.size(), from + KEYS_PER_CALL)));
      }
    }
    return calls;
  }

  private long exchange(List<List<String>> calls) {
    CommandBatch batch = redis.batch();
    // Acknowledged by the replicas before the write's response: a failover cannot lose it.
    batch.requireAcks(acks);
    List<CommandBatch.Reply<Object>> results = calls.stream().map(call -> batch.add(script(call))).toList();
    batch.execute("EVAL", "tombstone " + calls.get(0).get(0));
    return results.stream().mapToLong(result -> (Long) result.get()).sum();
  }

  /** One call: the entries, then their slots' epochs (once each), with a fresh tombstone generation and epoch. */
  private CommandObject<Object> script(List<String> entryKeys) {
    List<byte[]> scriptKeys = new ArrayList<>(entryKeys.size() * 2);
    LinkedHashSet<String> epochs = new LinkedHashSet<>();
    for (String entryKey : entryKeys) {
      scriptKeys.add(utf8(entryKey));
      keys.epochKey(entryKey).ifPresent(epochs::add);
    }
    epochs.forEach(epoch -> scriptKeys.add(utf8(epoch)));
    return commands.eval(SCRIPT, scriptKeys, List.of(CachedResponseCodec.encode(Tombstone.INSTANCE, newGeneration()),
        fenceMillis, TOMBSTONE_KIND, CachedResponseCodec.generationBytes(newGeneration()),
        utf8(Integer.toString(entryKeys.size()))));
  }

  static long newGeneration() {
    long generation;
    do {
      generation = ThreadLocalRandom.current().nextLong();
    } while (generation == Versioned.NONE);
    return generation;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
