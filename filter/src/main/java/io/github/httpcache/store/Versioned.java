package io.github.httpcache.store;

/**
 * A stored value with the generation it was written under. Every invalidation of a key writes a
 * new random generation (a tombstone); a fill saves only if the key's generation is still the one
 * its lookup saw, so a fill that began before an invalidation is never stored after it.
 *
 * @param generation {@link #NONE} when the key held nothing this cache wrote
 */
public record Versioned(long generation, StoredValue value) {
  /** The generation a fill records when its lookup found the key empty. */
  public static final long NONE = 0L;
}
