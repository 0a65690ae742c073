package io.github.httpcache.config;

import java.util.List;

/**
 * What a successful write deletes: a {@code method} and {@code path} to match, and the logical
 * keys, patterns and tags to drop, filled from the write's own path variables and the query
 * parameters the rule declares ({@code query}).
 */
public record InvalidationRule(String name, String method, PathTemplate path, List<KeyTemplate> keys,
    List<KeyTemplate> patterns, List<KeyTemplate> tags, java.util.Set<String> query) {
  public InvalidationRule {
    keys = List.copyOf(keys);
    patterns = List.copyOf(patterns);
    tags = List.copyOf(tags);
    query = java.util.Set.copyOf(query);
  }

  public InvalidationRule(String name, String method, PathTemplate path, List<KeyTemplate> keys,
      List<KeyTemplate> patterns, List<KeyTemplate> tags) {
    this(name, method, path, keys, patterns, tags, java.util.Set.of());
  }

  @Override
  public String toString() {
    return "invalidate " + name + ": " + method + " " + path
        + (keys.isEmpty() ? "" : " keys " + keys)
        + (patterns.isEmpty() ? "" : " patterns " + patterns)
        + (tags.isEmpty() ? "" : " tags " + tags)
        + (query.isEmpty() ? "" : " query " + new java.util.TreeSet<>(query));
  }
}
