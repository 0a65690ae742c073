package io.github.httpcache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.httpcache.key.Globs;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * An in-process tier in front of Redis for hot entries (Caffeine, bounded by bytes), kept coherent
 * by invalidation messages: every invalidation any node carries out is applied here. An entry
 * read from Redis is only kept if no invalidation arrived while it was being read (an epoch
 * check), so a message cannot be overtaken by the value it was meant to evict. While the message
 * subscription is down, the tier is empty and unused.
 */
public final class NearCache {
  private static final int ENTRY_OVERHEAD = 96;

  private final Cache<String, CachedResponse> entries;
  private final Clock clock;
  private final AtomicLong epoch = new AtomicLong();
  private volatile boolean enabled;

  public NearCache(long maxBytes, Duration maxAge, Clock clock) {
    this.clock = clock;
    this.entries = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String key, CachedResponse entry) -> weight(key, entry))
        .expireAfter(new Expiry<String, CachedResponse>() {
          @Override
          public long expireAfterCreate(String key, CachedResponse entry, long currentTime) {
            long remaining = Duration.between(clock.instant(), entry.storedAt().plus(entry.ttl())).toNanos();
            return Math.max(0, Math.min(remaining, maxAge.toNanos()));
          }

          @Override
          public long expireAfterUpdate(String key, CachedResponse entry, long currentTime, long currentDuration) {
            return expireAfterCreate(key, entry, currentTime);
          }

          @Override
          public long expireAfterRead(String key, CachedResponse entry, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .build();
  }

  private static int weight(String key, CachedResponse entry) {
    long headers = entry.headers().stream().mapToLong(h -> h.name().length() + h.value().length()).sum();
    return (int) Math.min(Integer.MAX_VALUE, ENTRY_OVERHEAD + key.length() + headers + entry.retainedBytes());
  }

  public Optional<CachedResponse> get(String logicalKey) {
    return enabled ? Optional.ofNullable(entries.getIfPresent(logicalKey)) : Optional.empty();
  }

  /** The count of invalidations applied so far; read it before looking an entry up in Redis. */
  public long epoch() {
    return epoch.get();
  }

  /**
   * Keeps {@code entry} unless an invalidation was applied since {@code epochBefore} was read: a
   * {@link CachedResponse#detached() detached} copy when its body lies in a larger or reusable
   * array, so the caller may still release it and the weight counts only the body's bytes.
   */
  public void put(String logicalKey, CachedResponse entry, long epochBefore) {
    if (enabled && epoch.get() == epochBefore && entry.storedAt().plus(entry.ttl()).isAfter(clock.instant())) {
      entries.put(logicalKey, entry.detached());
      if (epoch.get() != epochBefore) {
        entries.invalidate(logicalKey);
      }
    }
  }

  /** Evicts what {@code plan} names: keys and patterns; tags and purges clear all. */
  public void apply(InvalidationPlan plan) {
    epoch.incrementAndGet();
    if (plan.scope() == InvalidationPlan.Scope.EVERYTHING || !plan.tags().isEmpty()) {
      // Tags are not kept here; evicting everything is the safe answer.
      entries.invalidateAll();
      return;
    }
    // Per-user entries of a key come as a pattern in the plan (the invalidation policy adds it).
    entries.invalidateAll(plan.keys());
    for (String pattern : plan.patterns()) {
      Pattern regex = Globs.toRegex(pattern);
      entries.asMap().keySet().removeIf(cached -> regex.matcher(cached).matches());
    }
  }

  /** Starts serving (the invalidation subscription is up). */
  public void enable() {
    epoch.incrementAndGet();
    entries.invalidateAll();
    enabled = true;
  }

  /** Stops serving and forgets everything (the subscription dropped: invalidations may be missed). */
  public void disable() {
    enabled = false;
    epoch.incrementAndGet();
    entries.invalidateAll();
  }

  public boolean isEnabled() {
    return enabled;
  }
}
