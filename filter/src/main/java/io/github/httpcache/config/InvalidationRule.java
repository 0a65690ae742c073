package io.github.httpcache.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a successful write deletes: a {@code method} and {@code path} to match, and the logical
 * keys to drop, filled from the write's own path variables.
 */
public record InvalidationRule(String name, String method, PathTemplate path, List<KeyTemplate> keys) {
  public InvalidationRule {
    keys = List.copyOf(keys);
  }

  @Override
  public String toString() {
    return "invalidate " + name + ": " + method + " " + path + " -> "
        + keys.stream().map(KeyTemplate::toString).collect(Collectors.joining(", "));
  }
}
