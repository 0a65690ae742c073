package io.github.httpcache.store;

import io.github.httpcache.key.Globs;
import io.github.httpcache.key.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.params.SetParams;

/**
 * Entries as Redis strings holding {@link CachedResponseCodec} bytes, expiring with the route's
 * TTL, on Jedis in every topology. Saves and invalidations are single-key Lua scripts (so they work
 * on a cluster) that compare generations: an invalidation leaves a tombstone with a new generation
 * for the fence window, and a save whose lookup saw another generation is refused. Pattern
 * invalidations and purges walk the namespace's own {@link KeyIndex} (never a SCAN of Redis) and
 * unlink what they find behind new slot epochs ({@link Tombstones#unlink}). Each exchange is one
 * {@link CommandBatch}, over within {@code redis.timeout}.
 */
public final class RedisResponseStore implements ResponseStore {
  private static final Logger log = LoggerFactory.getLogger(RedisResponseStore.class);

  /**
   * Values from this size on reach Redis by a plain SET to a staging key and a small script that
   * moves them under their key, not as an argument of the fence script itself: Redis spends about
   * 120 µs copying a 64 KiB argument into Lua against 2 µs for SET, and a 64 KiB miss saved in
   * about half the time (docs/performance.md). Below it one script call is as quick.
   */
  static final int STAGE_FROM_BYTES = 16 * 1024;
  /** How long a staged value outlives a failure between its upload and its move (it is moved at once otherwise). */
  private static final Duration STAGING_TTL = Duration.ofSeconds(30);

  private static final byte[] SAVE_FENCED = utf8(RedisScripts.SAVE_FENCED);
  private static final byte[] PROMOTE_FENCED = utf8(RedisScripts.PROMOTE_FENCED);
  private static final byte[] ENSURE_EPOCH = utf8(RedisScripts.ENSURE_EPOCH);

  private final RedisConnections redis;
  private final CommandObjects commands = new CommandObjects(RedisProtocol.RESP2);
  private final KeyIndex index;
  private final Tombstones tombstones;
  private final RedisKeys keys;
  private final Duration fence;
  private final BudgetReadings budgets = new BudgetReadings();
  /** Who holds a fill lease taken by this store: unique per process and store. */
  private final String leaseHolder = UUID.randomUUID().toString();

  /**
   * @param fence how long a tombstone fences off fills that began before it; fills that take
   *     longer are not saved (see {@link io.github.httpcache.config.ConfigKeys#INVALIDATION_FENCE})
   * @param routes this node's route names, whose key indexes purges walk besides those Redis lists
   */
  RedisResponseStore(RedisConnections redis, RedisKeys keys, Duration fence, ReplicaAcks acks,
      Collection<String> routes) {
    this.redis = redis;
    redis.trustOnlyIncarnationsOf(keys);
    this.index = new KeyIndex(redis, commands, keys, routes, fence);
    this.tombstones = new Tombstones(redis, commands, keys, acks, fence);
    this.keys = keys;
    this.fence = fence;
  }

  /**
   * The value under the key with its generation; for an empty key, its slot's epoch as the
   * generation a fill must still find (created here when a flush, restart or eviction lost it).
   */
  @Override
  public Optional<Versioned> find(String logicalKey) {
    String entryKey = keys.entryKey(logicalKey);
    Optional<String> epochKey = keys.epochKey(entryKey);
    CommandBatch batch = redis.lookupBatch();
    CommandBatch.Reply<List<byte[]>> values = batch.add(epochKey.isPresent()
        ? commands.mget(utf8(entryKey), utf8(epochKey.get())) : commands.mget(utf8(entryKey)));
    batch.execute("GET", logicalKey);
    byte[] data = values.get().get(0);
    if (data == null) {
      return epochKey.map(epoch -> emptyKey(values.get().get(1), epoch, logicalKey));
    }
    try {
      return Optional.of(CachedResponseCodec.decode(data));
    } catch (CorruptEntryException e) {
      log.warn("Ignoring the unreadable entry for {} ({}); the next fill overwrites it", logicalKey, e.getMessage());
      return Optional.empty();
    }
  }

  /** An empty key, as a tombstone of its slot's epoch: a fill saves only while that epoch stands. */
  private Versioned emptyKey(byte[] epoch, String epochKey, String logicalKey) {
    byte[] current = epoch;
    if (current == null || current.length != 8) {
      CommandBatch batch = redis.batch();
      CommandBatch.Reply<Object> ensured = batch.add(commands.eval(ENSURE_EPOCH, List.of(utf8(epochKey)),
          List.of(CachedResponseCodec.generationBytes(Tombstones.newGeneration()))));
      batch.execute("SET", epochKey + " for " + logicalKey);
      current = ensured.get() instanceof byte[] bytes && bytes.length == 8 ? bytes : null;
    }
    return new Versioned(current == null ? Versioned.NONE : java.nio.ByteBuffer.wrap(current).getLong(), Tombstone.INSTANCE);
  }

  @Override
  public boolean beginFill(String logicalKey, Optional<Duration> lease) {
    CommandBatch batch = redis.batch();
    batch.add(commands.eval(RedisScripts.EXPIRING_SET_ADD, List.of(keys.fillsInProgressKey()),
        List.of(Long.toString(fence.toMillis()), logicalKey)));
    Optional<CommandBatch.Reply<String>> leased = lease.map(duration -> batch.add(
        commands.set(keys.leaseKey(logicalKey), leaseHolder, SetParams.setParams().nx().px(duration.toMillis()))));
    batch.execute("ZADD", logicalKey);
    return leased.isEmpty() || "OK".equals(leased.get().get());
  }

  @Override
  public void endFill(String logicalKey, boolean leased) {
    CommandBatch batch = redis.batch();
    addEndFill(batch, logicalKey, leased);
    batch.execute("ZREM", logicalKey);
  }

  /** The end of a fill: it leaves the registry and, if {@code leased}, gives up its lease. */
  private void addEndFill(CommandBatch batch, String logicalKey, boolean leased) {
    batch.add(commands.zrem(keys.fillsInProgressKey(), logicalKey));
    if (leased) {
      batch.add(commands.eval(RedisScripts.RELEASE_LEASE, List.of(keys.leaseKey(logicalKey)), List.of(leaseHolder)));
    }
  }

  /**
   * One exchange (two when the route's key budget must be asked first, see {@link BudgetReadings}):
   * the key counted in the budget, the variant (under its index's epoch, unreachable until the
   * index lands), the key and tag indexes, the fenced save, then the end of the fill, which lands
   * after them (in the same round trip on one server, in a second across a cluster's nodes): a tag
   * or pattern invalidation arriving just after the response never mistakes this finished fill for
   * one under way, and never misses an entry whose fill it no longer sees.
   */
  @Override
  public FillRecord.Outcome save(FillRecord fill) {
    Optional<String> budgetKey = fill.budget().map(budget -> keys.budgetKey(budget.routeName()));
    boolean asked = budgetKey.isPresent() && !budgets.farBelow(budgetKey.get(), fill.budget().get().maxKeys());
    if (asked && !admit(budgetKey.get(), fill.budget().get().maxKeys(), fill.entryKey(), fill.ttl())) {
      endFill(fill.primaryKey(), fill.leased());
      return FillRecord.Outcome.OVER_BUDGET;
    }
    String primaryRedisKey = keys.entryKey(fill.primaryKey());
    String entryRedisKey = keys.entryKey(fill.entryKey());
    long ttl = fill.ttl().toMillis();
    CommandBatch batch = redis.batch();
    Optional<CommandBatch.Reply<Long>> budgetCount = budgetKey.map(key -> addBudgetCount(batch, key, fill.entryKey(),
        ttl, asked));
    if (fill.index().isPresent()) {
      byte[] variant = CachedResponseCodec.encode(fill.entry(), fill.observedGeneration());
      batch.add(commands.set(utf8(entryRedisKey), variant, SetParams.setParams().px(ttl)));
    }
    addIndexes(batch, fill, primaryRedisKey, entryRedisKey);
    StoredValue primary = fill.index().isPresent() ? fill.index().get() : fill.entry();
    CommandBatch.Reply<Object> saved = addFencedSave(batch, primaryRedisKey,
        CachedResponseCodec.encode(primary, fill.observedGeneration()), fill.observedGeneration(), ttl);
    batch.barrier();
    addEndFill(batch, fill.primaryKey(), fill.leased());
    batch.execute("SET", fill.entryKey());
    budgetCount.ifPresent(count -> budgets.heard(budgetKey.get(), count.get()));
    Object result = saved.get();
    if (result instanceof Long code && code < 0) {
      throw new StoreUnavailableException("SET " + fill.entryKey() + " failed: its staged body was not stored", null);
    }
    return Long.valueOf(1).equals(result) ? FillRecord.Outcome.STORED : FillRecord.Outcome.FENCED_OUT;
  }

  /**
   * The route's key index and the tag indexes, before the save itself: whoever sees the entry sees
   * them. Each member outlives the entry by the fence window, whatever the nodes' clocks say.
   */
  private void addIndexes(CommandBatch batch, FillRecord fill, String primaryRedisKey, String entryRedisKey) {
    index.addSave(batch, fill.route(), primaryRedisKey.equals(entryRedisKey) ? List.of(primaryRedisKey)
        : List.of(primaryRedisKey, entryRedisKey), fill.ttl());
    String window = Long.toString(fill.ttl().plus(fence).toMillis());
    for (String tag : fill.tags()) {
      batch.add(commands.eval(RedisScripts.EXPIRING_SET_ADD, List.of(keys.tagKey(tag)), List.of(window, entryRedisKey)));
    }
  }

  /**
   * Adds the save of {@code data} under {@code entryKey}, refused (0) when the key holds another
   * generation of ours: inside the fence script for small values; large ones go by a plain SET to
   * a staging key in the same cluster slot, which the fence script then moves ({@link #STAGE_FROM_BYTES}).
   */
  private CommandBatch.Reply<Object> addFencedSave(CommandBatch batch, String entryKey, byte[] data, long generation,
      long ttlMillis) {
    byte[] key = utf8(entryKey);
    byte[] expected = CachedResponseCodec.generationBytes(generation);
    byte[] ttl = utf8(Long.toString(ttlMillis));
    List<byte[]> epoch = keys.epochKey(entryKey).map(e -> List.of(utf8(e))).orElse(List.of());
    Optional<String> staging = data.length >= STAGE_FROM_BYTES
        ? keys.stagingKey(entryKey, ThreadLocalRandom.current().nextLong()) : Optional.empty();
    if (staging.isEmpty()) {
      return batch.add(commands.eval(SAVE_FENCED, concat(List.of(key), epoch),
          List.of(CachedResponseCodec.HEADER, expected, data, ttl)));
    }
    byte[] stagingKey = utf8(staging.get());
    batch.add(commands.set(stagingKey, data, SetParams.setParams().px(STAGING_TTL.toMillis())));
    return batch.add(commands.eval(PROMOTE_FENCED, concat(List.of(key, stagingKey), epoch),
        List.of(CachedResponseCodec.HEADER, expected, ttl)));
  }

  private static List<byte[]> concat(List<byte[]> first, List<byte[]> second) {
    List<byte[]> all = new java.util.ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  /**
   * Counts {@code logicalKey} in the budget unless the admission already did ({@code counted}), as
   * the admission does (the window restarts), and reads the count back for {@link BudgetReadings}.
   * The budget key shares its hash tag with the route's key index: no other node joins the batch.
   */
  private CommandBatch.Reply<Long> addBudgetCount(CommandBatch batch, String budgetKey, String logicalKey,
      long windowMillis, boolean counted) {
    if (!counted) {
      batch.add(commands.pfadd(budgetKey, logicalKey));
      batch.add(commands.pexpire(budgetKey, windowMillis));
    }
    return batch.add(commands.pfcount(budgetKey));
  }

  private boolean admit(String budgetKey, long maxKeys, String logicalKey, Duration window) {
    CommandBatch batch = redis.batch();
    CommandBatch.Reply<Object> admitted = batch.add(commands.eval(RedisScripts.ADMIT_KEY,
        List.of(budgetKey, budgetKey + ":probe"),
        List.of(logicalKey, Long.toString(window.toMillis()), Long.toString(maxKeys))));
    batch.execute("PFADD", logicalKey);
    return Long.valueOf(1).equals(admitted.get());
  }

  @Override
  public long invalidate(InvalidationPlan plan) {
    // Snapshot the fills under way first: one that saves while we delete is still fenced afterwards.
    List<String> allFills = plan.scope() == InvalidationPlan.Scope.EVERYTHING || !plan.tags().isEmpty()
        || !plan.patterns().isEmpty() ? members("peek", keys.fillsInProgressKey()) : List.of();
    if (plan.scope() == InvalidationPlan.Scope.EVERYTHING) {
      long removed = index.walk(Optional.empty(), tombstones::unlink);
      tombstones.write(allFills.stream().map(keys::entryKey).toList());
      return removed;
    }
    long removed = tombstones.write(plan.keys().stream().map(keys::entryKey).toList());
    for (String pattern : plan.patterns()) {
      removed += index.walk(Optional.of(keys.namespace() + pattern), tombstones::unlink);
      Pattern regex = Globs.toRegex(pattern);
      tombstones.write(allFills.stream().filter(key -> regex.matcher(key).matches()).map(keys::entryKey).toList());
    }
    for (String tag : plan.tags()) {
      removed += tombstones.write(members("take", keys.tagKey(tag)));
    }
    if (!plan.tags().isEmpty()) {
      // A fill under way may carry the tag: that cannot be known before its response, so fence them all.
      tombstones.write(allFills.stream().map(keys::entryKey).toList());
    }
    return removed;
  }

  /** The live members of an expiring set (the fills in progress, a tag's entries); {@code take} also deletes it. */
  private List<String> members(String mode, String setKey) {
    CommandBatch batch = redis.batch();
    CommandBatch.Reply<Object> members = batch.add(commands.eval(RedisScripts.EXPIRING_SET_MEMBERS, List.of(setKey),
        List.of(mode)));
    batch.execute("ZRANGE", setKey);
    return ((List<?>) members.get()).stream().map(String::valueOf).toList();
  }

  /** Counted from the key indexes (never a SCAN of Redis): entries, and keys invalidated within their TTL. */
  @Override
  public long countEntries() {
    return index.count();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
