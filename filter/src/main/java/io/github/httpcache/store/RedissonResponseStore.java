package io.github.httpcache.store;

import io.github.httpcache.key.RedisKeys;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries as Redis strings holding {@link CachedResponseCodec} bytes, with the route's TTL as the
 * key's expiry. Every call waits at most the configured timeout.
 */
public final class RedissonResponseStore implements ResponseStore {
  private static final Logger log = LoggerFactory.getLogger(RedissonResponseStore.class);
  private static final int SCAN_BATCH = 1000;

  private final RedissonClient redisson;
  private final RedisKeys keys;
  private final Duration timeout;

  public RedissonResponseStore(RedissonClient redisson, RedisKeys keys, Duration timeout) {
    this.redisson = redisson;
    this.keys = keys;
    this.timeout = timeout;
  }

  /**
   * Below the budget, count the key and admit it. At the budget, admit only a key already counted:
   * PFADD on a throwaway copy tells whether it is new without growing the real count.
   */
  private static final String ADMIT_KEY_SCRIPT = String.join("\n",
      "if redis.call('PFCOUNT', KEYS[1]) < tonumber(ARGV[3]) then",
      "  redis.call('PFADD', KEYS[1], ARGV[1])",
      "  redis.call('PEXPIRE', KEYS[1], ARGV[2])",
      "  return 1",
      "end",
      "redis.call('COPY', KEYS[1], KEYS[2], 'REPLACE')",
      "local added = redis.call('PFADD', KEYS[2], ARGV[1])",
      "redis.call('DEL', KEYS[2])",
      "if added == 0 then return 1 end",
      "return 0");

  @Override
  public Optional<StoredValue> find(String logicalKey) {
    byte[] data = await(redisson.<byte[]>getBucket(keys.entryKey(logicalKey), ByteArrayCodec.INSTANCE).getAsync(), "GET", logicalKey);
    if (data == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(CachedResponseCodec.decode(data));
    } catch (CorruptEntryException e) {
      log.warn("Ignoring the unreadable entry for {} ({}); the next fill overwrites it", logicalKey, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void save(String logicalKey, StoredValue value, Duration ttl) {
    byte[] data = CachedResponseCodec.encode(value);
    await(redisson.<byte[]>getBucket(keys.entryKey(logicalKey), ByteArrayCodec.INSTANCE).setAsync(data, ttl), "SET", logicalKey);
  }

  @Override
  public long delete(Collection<String> logicalKeys) {
    if (logicalKeys.isEmpty()) {
      return 0;
    }
    String[] redisKeys = logicalKeys.stream().map(keys::entryKey).distinct().toArray(String[]::new);
    Long deleted = await(redisson.getKeys().deleteAsync(redisKeys), "DEL", String.join(" ", logicalKeys));
    return deleted == null ? 0 : deleted;
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

  @Override
  public boolean admitKey(String budgetName, String logicalKey, long budget, Duration window) {
    RFuture<Long> admitted = redisson.getScript(StringCodec.INSTANCE).evalAsync(RScript.Mode.READ_WRITE,
        ADMIT_KEY_SCRIPT, RScript.ReturnType.LONG,
        List.of(keys.budgetKey(budgetName), keys.budgetKey(budgetName) + ":probe"),
        logicalKey, Long.toString(window.toMillis()), Long.toString(budget));
    Long result = await(admitted, "PFADD", logicalKey);
    return result != null && result == 1L;
  }

  private <T> T await(RFuture<T> future, String command, String logicalKey) {
    try {
      return future.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new StoreUnavailableException(command + " " + logicalKey + " took longer than " + timeout.toMillis() + "ms", e);
    } catch (ExecutionException e) {
      throw new StoreUnavailableException(command + " " + logicalKey + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(command + " " + logicalKey + " was interrupted", e);
    }
  }
}
