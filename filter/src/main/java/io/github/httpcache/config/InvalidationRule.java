package io.github.httpcache.config;

import java.util.List;

/**
 * What a successful write deletes: a {@code method} and {@code path} to match, and the logical
 * keys, patterns and tags to drop, filled from the write's own path variables and query.
 */
public record InvalidationRule(String name, String method, PathTemplate path, List<KeyTemplate> keys,
    List<KeyTemplate> patterns, List<KeyTemplate> tags) {
  public InvalidationRule {
    keys = List.copyOf(keys);
    patterns = List.copyOf(patterns);
    tags = List.copyOf(tags);
  }

  @Override
  public String toString() {
    return "invalidate " + name + ": " + method + " " + path
        + (keys.isEmpty() ? "" : " keys " + keys)
        + (patterns.isEmpty() ? "" : " patterns " + patterns)
        + (tags.isEmpty() ? "" : " tags " + tags);
  }
}
