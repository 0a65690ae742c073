package io.github.httpcache.store;

import java.util.List;

/**
 * Stored under the primary key of a response that varies on request headers: which headers, and
 * the epoch that prefixes its variants' keys. A new epoch (after an invalidation deleted the
 * index) makes every older variant unreachable, so none can be served again.
 */
public record VariantIndex(List<String> headerNames, long epoch) implements StoredValue {
  public VariantIndex {
    headerNames = List.copyOf(headerNames);
  }
}
