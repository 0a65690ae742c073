package io.github.httpcache.store;

import java.util.List;

/**
 * What one invalidation removes: logical keys, glob patterns over logical keys, tags, or the whole
 * namespace. Built by the invalidation policy or the admin endpoint; executed by the store.
 */
public record InvalidationPlan(List<String> keys, List<String> patterns, List<String> tags, Scope scope) {
  /** Whether the plan names what to remove, or removes everything in the namespace. */
  public enum Scope {
    LISTED,
    EVERYTHING
  }

  public InvalidationPlan {
    keys = List.copyOf(keys);
    patterns = List.copyOf(patterns);
    tags = List.copyOf(tags);
  }

  public static InvalidationPlan ofKeys(List<String> keys) {
    return new InvalidationPlan(keys, List.of(), List.of(), Scope.LISTED);
  }

  public static InvalidationPlan ofPattern(String pattern) {
    return new InvalidationPlan(List.of(), List.of(pattern), List.of(), Scope.LISTED);
  }

  public static InvalidationPlan ofTag(String tag) {
    return new InvalidationPlan(List.of(), List.of(), List.of(tag), Scope.LISTED);
  }

  public static InvalidationPlan everything() {
    return new InvalidationPlan(List.of(), List.of(), List.of(), Scope.EVERYTHING);
  }

  public boolean isEmpty() {
    return scope == Scope.LISTED && keys.isEmpty() && patterns.isEmpty() && tags.isEmpty();
  }

  @Override
  public String toString() {
    return scope == Scope.EVERYTHING ? "everything" : "keys " + keys + " patterns " + patterns + " tags " + tags;
  }
}
