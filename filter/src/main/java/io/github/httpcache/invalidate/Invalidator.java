package io.github.httpcache.invalidate;

import io.github.httpcache.metrics.CacheMetrics;
import io.github.httpcache.store.GuardedStore;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes the keys a write invalidated, before that write's response is committed. */
public final class Invalidator {
  private static final Logger log = LoggerFactory.getLogger(Invalidator.class);

  private final GuardedStore store;
  private final CacheMetrics metrics;

  public Invalidator(GuardedStore store, CacheMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /** Deletes {@code logicalKeys}; returns how many entries existed, or empty if Redis did not answer. */
  public OptionalLong invalidate(List<String> logicalKeys) {
    if (logicalKeys.isEmpty()) {
      return OptionalLong.of(0);
    }
    OptionalLong deleted = store.delete(logicalKeys);
    deleted.ifPresent(metrics::invalidated);
    log.debug("Invalidated {}: {}", logicalKeys, deleted);
    return deleted;
  }
}
