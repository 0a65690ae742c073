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
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;

/**
 * Fences entry keys off from fills that looked them up before: {@link #write} leaves tombstones
 * and replaces their slots' epochs ({@link RedisScripts#INVALIDATE_KEYS}, many keys per script
 * call); {@link #unlink}, for purges of thousands, replaces the epochs and deletes the keys with
 * plain commands. Multi-key commands carry any keys on one server, one slot's keys on a cluster.
 * Each exchange carries at most {@value #KEYS_PER_EXCHANGE} keys, so it stays within {@code
 * redis.timeout}, and is done only once the replicas acknowledge it.
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
    return inExchanges(calls(redisKeys, KEYS_PER_CALL), this::exchange);
  }

  /**
   * Removes {@code redisKeys} as cheaply as a purge of thousands needs, and as fenced as a
   * tombstone: their slots' epochs are replaced first, then the keys are UNLINKed, in that order
   * on each node's connection. A fill whose lookup saw one of them (or its empty slot) then meets
   * another epoch and is refused; had the keys gone first, one whose entry carried the old epoch
   * could have slipped in between. Plain commands, not a script per key: Lua costs Redis about
   * 2 µs a call, 70 ms for ten thousand keys. Returns how many keys were removed.
   */
  long unlink(Collection<String> redisKeys) {
    return inExchanges(calls(redisKeys, KEYS_PER_EXCHANGE), calls -> {
      try {
        return unlinkExchange(calls, EpochChange.REPLACE);
      } catch (StoreUnavailableException e) {
        if (!e.redisAnswered()) {
          throw e;
        }
        // A full Redis (noeviction) refuses the epochs' SET but takes deletes: a missing epoch fences too.
        return unlinkExchange(calls, EpochChange.DELETE);
      }
    });
  }

  private enum EpochChange {
    REPLACE,
    DELETE
  }

  private static long inExchanges(List<List<String>> calls, ToLongFunction<List<List<String>>> exchange) {
    long removed = 0;
    List<List<String>> pending = new ArrayList<>();
    int keysPending = 0;
    for (List<String> call : calls) {
      if (keysPending + call.size() > KEYS_PER_EXCHANGE && !pending.isEmpty()) {
        removed += exchange.applyAsLong(pending);
        pending = new ArrayList<>();
        keysPending = 0;
      }
      pending.add(call);
      keysPending += call.size();
    }
    return pending.isEmpty() ? removed : removed + exchange.applyAsLong(pending);
  }

  /** The keys of each call: one group on a single server, one per slot on a cluster, split at {@code perCall}. */
  private List<List<String>> calls(Collection<String> redisKeys, int perCall) {
    boolean cluster = redis.topology().kind() == RedisTopology.Kind.CLUSTER;
    Map<Integer, List<String>> groups = new LinkedHashMap<>();
    for (String key : new LinkedHashSet<>(redisKeys)) {
      groups.computeIfAbsent(cluster ? ClusterSlots.slotOf(key) : 0, slot -> new ArrayList<>()).add(key);
    }
    List<List<String>> calls = new ArrayList<>();
    for (List<String> group : groups.values()) {
      for (int from = 0; from < group.size(); from += perCall) {
        calls.add(group.subList(from, Math.min(group.size(), from + perCall)));
      }
    }
    return calls;
  }

  private long unlinkExchange(List<List<String>> calls, EpochChange change) {
    CommandBatch batch = redis.batch();
    batch.requireAcks(acks);
    byte[] epoch = CachedResponseCodec.generationBytes(newGeneration());
    List<CommandBatch.Reply<Long>> results = new ArrayList<>(calls.size());
    for (List<String> call : calls) {
      List<byte[]> epochs = call.stream().map(keys::epochKey).flatMap(Optional::stream).distinct().map(Tombstones::utf8)
          .toList();
      if (!epochs.isEmpty() && change == EpochChange.REPLACE) {
        batch.add(commands.mset(epochs.stream().flatMap(key -> Stream.of(key, epoch)).toArray(byte[][]::new)));
      } else if (!epochs.isEmpty()) {
        batch.add(commands.del(epochs.toArray(byte[][]::new)));
      }
      results.add(batch.add(commands.unlink(call.stream().map(Tombstones::utf8).toArray(byte[][]::new))));
    }
    batch.execute("UNLINK", calls.get(0).get(0));
    return results.stream().mapToLong(CommandBatch.Reply::get).sum();
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
