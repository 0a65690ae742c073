package io.github.httpcache.store;

import io.github.httpcache.key.Globs;
import io.github.httpcache.key.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScoredSortedSetAsync;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries as Redis strings holding {@link CachedResponseCodec} bytes, expiring with the route's
 * TTL. Saves and invalidations are single-key Lua scripts (so they work on a cluster) that compare
 * generations: an invalidation leaves a tombstone with a new generation for the fence window, and a
 * save whose lookup saw another generation is refused. Pattern invalidation walks keys with SCAN
 * in batches and deletes them with UNLINK. Every command waits at most the configured timeout.
 */
public final class RedissonResponseStore implements ResponseStore {
  private static final Logger log = LoggerFactory.getLogger(RedissonResponseStore.class);
  private static final int SCAN_BATCH = 500;

  /**
   * Values from this size on reach Redis by a plain SET to a staging key and a small script that
   * moves them under their key, not as an argument of the fence script itself: Redis spends about
   * 120 µs copying a 64 KiB argument into Lua against 2 µs for SET, and a 64 KiB miss saved in
   * about half the time (docs/performance.md). Below it one script call is as quick.
   */
  static final int STAGE_FROM_BYTES = 16 * 1024;
  /** How long a staged value outlives a failure between its upload and its move (it is moved at once otherwise). */
  private static final Duration STAGING_TTL = Duration.ofSeconds(30);

  private static final byte[] TOMBSTONE_KIND = {CachedResponseCodec.KIND_TOMBSTONE};

  private final RedissonClient redisson;
  /** Blocking connections for a request's own commands (lookup, registration, save), or null: Redisson's pool serves. */
  private final DirectConnections direct;
  private final RedisKeys keys;
  private final Duration timeout;
  private final Duration fence;
  /** Who holds a fill lease taken by this store: unique per process and store. */
  private final String leaseHolder = java.util.UUID.randomUUID().toString();

  /**
   * @param fence how long a tombstone fences off fills that began before it; fills that take
   *     longer are not saved (see {@link io.github.httpcache.config.ConfigKeys#INVALIDATION_FENCE})
   */
  public RedissonResponseStore(RedissonClient redisson, RedisKeys keys, Duration timeout, Duration fence) {
    this(redisson, Optional.empty(), keys, timeout, fence);
  }

  /** @param direct connections for the lookups, registrations and saves (else Redisson's pool serves them) */
  public RedissonResponseStore(RedissonClient redisson, Optional<DirectConnections> direct, RedisKeys keys,
      Duration timeout, Duration fence) {
    this.redisson = redisson;
    this.direct = direct.orElse(null);
    this.keys = keys;
    this.timeout = timeout;
    this.fence = fence;
  }

  @Override
  public Optional<Versioned> find(String logicalKey) {
    String redisKey = keys.entryKey(logicalKey);
    ReceivedBytes received = direct != null ? direct.get(redisKey)
        : await(redisson.<ReceivedBytes>getBucket(redisKey, ReceivedBytes.Codec.INSTANCE).getAsync(), "GET", logicalKey);
    if (received == null) {
      return Optional.empty();
    }
    try {
      // This read alone holds the array: the hit that serves it may give it back (CachedResponse.release).
      return Optional.of(CachedResponseCodec.decode(received.data(), received.length(), true));
    } catch (CorruptEntryException e) {
      log.warn("Ignoring the unreadable entry for {} ({}); the next fill overwrites it", logicalKey, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public boolean beginFill(String logicalKey, Optional<Duration> lease) {
    if (direct != null) {
      Object[] replies = direct.exchange(connection -> {
        connection.command("EVAL", RedisScripts.EXPIRING_SET_ADD, 1, keys.fillsInProgressKey(), logicalKey, fence.toMillis());
        lease.ifPresent(duration -> connection.command("SET", keys.leaseKey(logicalKey), leaseHolder, "NX", "PX",
            duration.toMillis()));
      }, lease.isPresent() ? 2 : 1);
      requireNoError(replies, "ZADD", logicalKey);
      return lease.isEmpty() || "OK".equals(replies[1]);
    }
    RFuture<Long> registered = strings().evalAsync(keys.fillsInProgressKey(), RScript.Mode.READ_WRITE,
        RedisScripts.EXPIRING_SET_ADD, RScript.ReturnType.LONG, List.of(keys.fillsInProgressKey()), logicalKey,
        Long.toString(fence.toMillis()));
    RFuture<Boolean> leased = lease.isEmpty() ? null
        : redisson.<String>getBucket(keys.leaseKey(logicalKey), StringCodec.INSTANCE)
            .setIfAbsentAsync(leaseHolder, lease.get());
    await(registered, "ZADD", logicalKey);
    return leased == null || Boolean.TRUE.equals(await(leased, "SET NX", logicalKey));
  }

  @Override
  public void endFill(String logicalKey, boolean leased) {
    if (direct != null) {
      requireNoError(direct.exchange(connection -> appendEndFill(connection, logicalKey, leased), leased ? 2 : 1),
          "ZREM", logicalKey);
      return;
    }
    endFill(redisson.getScoredSortedSet(keys.fillsInProgressKey(), StringCodec.INSTANCE), strings(), logicalKey, leased);
  }

  /** Sends the fill's deregistration (and lease release) through {@code fills} and {@code script}: the client's or a batch's. */
  private void endFill(RScoredSortedSetAsync<String> fills, RScriptAsync script, String logicalKey, boolean leased) {
    fills.removeAsync(logicalKey);
    if (leased) {
      script.evalAsync(keys.leaseKey(logicalKey), RScript.Mode.READ_WRITE, RedisScripts.RELEASE_LEASE,
          RScript.ReturnType.LONG, List.of(keys.leaseKey(logicalKey)), leaseHolder);
    }
  }

  /**
   * One pipelined round trip: the variant (under its index's epoch, unreachable until the index
   * lands), the tag indexes, the fenced save, and (on a single server, where the batch keeps its
   * order on one connection) the end of the fill, so a tag or pattern invalidation arriving just
   * after the response never mistakes this finished fill for one under way. On a cluster the
   * nodes answer in any order, so the fill ends after the batch, and such an invalidation may
   * still remove the entry it just stored.
   */
  @Override
  public FillRecord.Outcome save(FillRecord fill) {
    if (fill.budget().isPresent() && !admit(fill.budget().get(), fill.entryKey(), fill.ttl())) {
      endFill(fill.primaryKey(), fill.leased());
      return FillRecord.Outcome.OVER_BUDGET;
    }
    if (direct != null) {
      return saveDirect(fill);
    }
    String entryRedisKey = keys.entryKey(fill.entryKey());
    RBatch batch = redisson.createBatch(BatchOptions.defaults()
        .responseTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).retryAttempts(0));
    if (fill.index().isPresent()) {
      byte[] data = CachedResponseCodec.encode(fill.entry(), fill.observedGeneration());
      batch.<byte[]>getBucket(entryRedisKey, ByteArrayCodec.INSTANCE).setAsync(data, fill.ttl());
    }
    for (String tag : fill.tags()) {
      batch.getScript(StringCodec.INSTANCE).evalAsync(keys.tagKey(tag), RScript.Mode.READ_WRITE,
          RedisScripts.EXPIRING_SET_ADD, RScript.ReturnType.LONG, List.of(keys.tagKey(tag)), entryRedisKey,
          Long.toString(fill.ttl().toMillis()));
    }
    StoredValue primary = fill.index().isPresent() ? fill.index().get() : fill.entry();
    RFuture<Long> saved = addFencedSave(batch, fill.primaryKey(), primary, fill.observedGeneration(), fill.ttl());
    boolean ordered = !redisson.getConfig().isClusterConfig();
    if (ordered) {
      endFill(batch.getScoredSortedSet(keys.fillsInProgressKey(), StringCodec.INSTANCE), batch.getScript(StringCodec.INSTANCE),
          fill.primaryKey(), fill.leased());
    }
    await(batch.executeAsync(), "SET", fill.entryKey());
    if (!ordered) {
      endFill(fill.primaryKey(), fill.leased());
    }
    Long result = saved.toCompletableFuture().getNow(null);
    if (result != null && result < 0) {
      throw new StoreUnavailableException("SET " + fill.entryKey() + " failed: its staged body was not stored", null);
    }
    return result != null && result == 1L ? FillRecord.Outcome.STORED : FillRecord.Outcome.FENCED_OUT;
  }

  /**
   * {@link #save} in one exchange on a direct connection, in the same order as the batch: the
   * variant, the tag indexes, the fenced save (staged when large), the end of the fill.
   */
  private FillRecord.Outcome saveDirect(FillRecord fill) {
    String entryRedisKey = keys.entryKey(fill.entryKey());
    String primaryRedisKey = keys.entryKey(fill.primaryKey());
    StoredValue primary = fill.index().isPresent() ? fill.index().get() : fill.entry();
    byte[] data = CachedResponseCodec.encode(primary, fill.observedGeneration());
    byte[] variant = fill.index().isPresent() ? CachedResponseCodec.encode(fill.entry(), fill.observedGeneration()) : null;
    Optional<String> staging = data.length >= STAGE_FROM_BYTES
        ? keys.stagingKey(primaryRedisKey, ThreadLocalRandom.current().nextLong()) : Optional.empty();
    long ttl = fill.ttl().toMillis();
    byte[] generation = CachedResponseCodec.generationBytes(fill.observedGeneration());
    int fencedAt = (variant == null ? 0 : 1) + fill.tags().size() + (staging.isPresent() ? 1 : 0);
    int replies = fencedAt + 1 + (fill.leased() ? 2 : 1);
    Object[] answers = direct.exchange(connection -> {
      if (variant != null) {
        connection.command("SET", entryRedisKey, variant, "PX", ttl);
      }
      for (String tag : fill.tags()) {
        connection.command("EVAL", RedisScripts.EXPIRING_SET_ADD, 1, keys.tagKey(tag), entryRedisKey, ttl);
      }
      if (staging.isPresent()) {
        connection.command("SET", staging.get(), data, "PX", STAGING_TTL.toMillis());
        connection.command("EVAL", RedisScripts.PROMOTE_FENCED, 2, primaryRedisKey, staging.get(),
            CachedResponseCodec.HEADER, generation, ttl);
      } else {
        connection.command("EVAL", RedisScripts.SAVE_FENCED, 1, primaryRedisKey, CachedResponseCodec.HEADER, generation,
            data, ttl);
      }
      appendEndFill(connection, fill.primaryKey(), fill.leased());
    }, replies);
    requireNoError(answers, "SET", fill.entryKey());
    Object result = answers[fencedAt];
    if (result instanceof Long saved && saved < 0) {
      throw new StoreUnavailableException("SET " + fill.entryKey() + " failed: its staged body was not stored", null);
    }
    return Long.valueOf(1).equals(result) ? FillRecord.Outcome.STORED : FillRecord.Outcome.FENCED_OUT;
  }

  /** The end of a fill as direct commands: it leaves the registry and, if {@code leased}, gives up its lease. */
  private void appendEndFill(RespConnection connection, String logicalKey, boolean leased) {
    connection.command("ZREM", keys.fillsInProgressKey(), logicalKey);
    if (leased) {
      connection.command("EVAL", RedisScripts.RELEASE_LEASE, 1, keys.leaseKey(logicalKey), leaseHolder);
    }
  }

  /** Throws for the first error reply among {@code replies}: Redis refused a command (read-only replica, out of memory, ACL). */
  private static void requireNoError(Object[] replies, String command, String key) {
    for (Object reply : replies) {
      if (reply instanceof RespConnection.ErrorReply error) {
        throw new StoreUnavailableException(command + " " + key + " failed: " + error, null);
      }
    }
  }

  /**
   * Adds the save of {@code value} under {@code logicalKey}, refused (0) when the key holds
   * another generation of ours: inside the fence script for small values; large ones go by a
   * plain SET to a staging key, which the fence script then moves (see {@link #STAGE_FROM_BYTES}).
   */
  private RFuture<Long> addFencedSave(RBatch batch, String logicalKey, StoredValue value, long generation,
      Duration ttl) {
    String entryKey = keys.entryKey(logicalKey);
    byte[] data = CachedResponseCodec.encode(value, generation);
    byte[] ttlMillis = ascii(ttl.toMillis());
    Optional<String> staging = data.length >= STAGE_FROM_BYTES
        ? keys.stagingKey(entryKey, ThreadLocalRandom.current().nextLong()) : Optional.empty();
    if (staging.isEmpty()) {
      return batch.getScript(ByteArrayCodec.INSTANCE).evalAsync(entryKey, RScript.Mode.READ_WRITE,
          RedisScripts.SAVE_FENCED, RScript.ReturnType.LONG, List.of(entryKey), CachedResponseCodec.HEADER,
          CachedResponseCodec.generationBytes(generation), data, ttlMillis);
    }
    batch.<byte[]>getBucket(staging.get(), ByteArrayCodec.INSTANCE).setAsync(data, STAGING_TTL);
    return batch.getScript(ByteArrayCodec.INSTANCE).evalAsync(entryKey, RScript.Mode.READ_WRITE,
        RedisScripts.PROMOTE_FENCED, RScript.ReturnType.LONG, List.of(entryKey, staging.get()),
        CachedResponseCodec.HEADER, CachedResponseCodec.generationBytes(generation), ttlMillis);
  }

  private static byte[] ascii(long number) {
    return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
  }

  private boolean admit(FillRecord.KeyBudget budget, String logicalKey, Duration window) {
    String budgetKey = keys.budgetKey(budget.routeName());
    RFuture<Long> admitted = strings().evalAsync(budgetKey, RScript.Mode.READ_WRITE, RedisScripts.ADMIT_KEY, RScript.ReturnType.LONG,
        List.of(budgetKey, budgetKey + ":probe"), logicalKey, Long.toString(window.toMillis()),
        Long.toString(budget.maxKeys()));
    Long result = await(admitted, "PFADD", logicalKey);
    return result != null && result == 1L;
  }

  @Override
  public long invalidate(InvalidationPlan plan) {
    // Snapshot the fills under way first: one that saves while we delete is still fenced afterwards.
    List<String> allFills = plan.scope() == InvalidationPlan.Scope.EVERYTHING || !plan.tags().isEmpty()
        ? fillsInProgress(member -> true) : List.of();
    if (plan.scope() == InvalidationPlan.Scope.EVERYTHING) {
      long removed = unlinkMatching(keys.everyKeyPattern(), Bookkeeping.REMOVE);
      tombstoneRedisKeys(allFills.stream().map(keys::entryKey).toList());
      return removed;
    }
    List<String> patternFills = plan.patterns().isEmpty() ? List.of() : fillsInProgress(member -> true);
    long removed = tombstoneRedisKeys(plan.keys().stream().map(keys::entryKey).distinct().toList());
    for (String pattern : plan.patterns()) {
      removed += unlinkMatching(keys.namespace() + pattern, Bookkeeping.KEEP);
      Pattern regex = Globs.toRegex(pattern);
      tombstoneRedisKeys(patternFills.stream().filter(key -> regex.matcher(key).matches()).map(keys::entryKey).toList());
    }
    for (String tag : plan.tags()) {
      List<Object> tagged = await(strings().evalAsync(keys.tagKey(tag), RScript.Mode.READ_WRITE, RedisScripts.EXPIRING_SET_MEMBERS,
          RScript.ReturnType.LIST, List.of(keys.tagKey(tag)), "take"), "ZRANGE", tag);
      removed += tombstoneRedisKeys(tagged.stream().map(String::valueOf).toList());
    }
    if (!plan.tags().isEmpty()) {
      // A fill under way may carry the tag: that cannot be known before its response, so fence them all.
      tombstoneRedisKeys(allFills.stream().map(keys::entryKey).toList());
    }
    return removed;
  }

  /** Whether a purge also removes the namespace's bookkeeping (tag indexes, budgets), or only entries. */
  private enum Bookkeeping {
    KEEP,
    REMOVE
  }

  private List<String> fillsInProgress(java.util.function.Predicate<String> matching) {
    List<Object> members = await(strings().evalAsync(keys.fillsInProgressKey(), RScript.Mode.READ_ONLY,
        RedisScripts.EXPIRING_SET_MEMBERS, RScript.ReturnType.LIST, List.of(keys.fillsInProgressKey()), "peek"),
        "ZRANGE", keys.fillsInProgressKey());
    return members.stream().map(String::valueOf).filter(matching).toList();
  }

  /** Writes a tombstone over each key, in parallel; returns how many held an entry. */
  private long tombstoneRedisKeys(Collection<String> redisKeys) {
    if (redisKeys.isEmpty()) {
      return 0;
    }
    List<RFuture<Long>> pending = new ArrayList<>(redisKeys.size());
    for (String redisKey : redisKeys) {
      byte[] tombstone = CachedResponseCodec.encode(Tombstone.INSTANCE, newGeneration());
      pending.add(bytes().evalAsync(redisKey, RScript.Mode.READ_WRITE, RedisScripts.INVALIDATE_KEY, RScript.ReturnType.LONG,
          List.of(redisKey), tombstone, ascii(fence.toMillis()),
          TOMBSTONE_KIND));
    }
    long removed = 0;
    for (RFuture<Long> future : pending) {
      Long result = await(future, "EVAL", "tombstone");
      removed += result == null ? 0 : result;
    }
    return removed;
  }

  /**
   * SCAN in batches and UNLINK each batch, never KEYS; the fills-in-progress set is always kept,
   * other bookkeeping only goes in a purge. Returns how many entries went.
   */
  private long unlinkMatching(String redisPattern, Bookkeeping bookkeeping) {
    KeysScanOptions scan = KeysScanOptions.defaults().pattern(redisPattern).chunkSize(SCAN_BATCH);
    List<String> batch = new ArrayList<>(SCAN_BATCH);
    long removed = 0;
    try {
      for (String redisKey : redisson.getKeys().getKeys(scan)) {
        if (redisKey.equals(keys.fillsInProgressKey())
            || (bookkeeping == Bookkeeping.KEEP && keys.isAuxiliary(redisKey))) {
          continue;
        }
        batch.add(redisKey);
        removed += keys.isAuxiliary(redisKey) ? 0 : 1;
        if (batch.size() == SCAN_BATCH) {
          unlink(batch);
          batch.clear();
        }
      }
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("SCAN " + redisPattern + " failed", e);
    }
    unlink(batch);
    return removed;
  }

  private void unlink(List<String> redisKeys) {
    if (!redisKeys.isEmpty()) {
      await(redisson.getKeys().unlinkAsync(redisKeys.toArray(String[]::new)), "UNLINK", redisKeys.get(0));
    }
  }

  private static long newGeneration() {
    long generation;
    do {
      generation = ThreadLocalRandom.current().nextLong();
    } while (generation == Versioned.NONE);
    return generation;
  }

  @Override
  public long countEntries() {
    KeysScanOptions scan = KeysScanOptions.defaults().pattern(keys.everyKeyPattern()).chunkSize(SCAN_BATCH);
    long count = 0;
    try {
      for (String redisKey : redisson.getKeys().getKeys(scan)) {
        if (!keys.isAuxiliary(redisKey)) {
          count++;
        }
      }
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("SCAN " + keys.everyKeyPattern() + " failed", e);
    }
    return count;
  }

  private RScript strings() {
    return redisson.getScript(StringCodec.INSTANCE);
  }

  private RScript bytes() {
    return redisson.getScript(ByteArrayCodec.INSTANCE);
  }

  private <T> T await(RFuture<T> future, String command, String key) {
    try {
      return future.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      future.cancel(false);
      throw new StoreUnavailableException(command + " " + key + " took longer than " + timeout.toMillis() + "ms", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new StoreUnavailableException(command + " " + key + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(command + " " + key + " was interrupted", e);
    }
  }
}
