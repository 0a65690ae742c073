package io.github.httpcache.store;

/**
 * Left by an invalidation in place of an entry, for the fence window: a fill that looked the key
 * up before the invalidation saw another generation, so its save is refused.
 */
public record Tombstone() implements StoredValue {
  public static final Tombstone INSTANCE = new Tombstone();
}
