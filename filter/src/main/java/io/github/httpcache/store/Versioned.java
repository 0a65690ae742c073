package io.github.httpcache.store;

/**
 * A stored value with the generation it was written under. Every invalidation of a key writes a
 * new random generation (a tombstone); a fill saves only if the key's generation is still the one
 * its lookup saw, so a fill that began before an invalidation is never stored after it.
 *
 * @param generation for an empty key, its slot's epoch (see {@code RedisKeys.epochKey}), or
 *     {@link #NONE} when that is unknown: a fill expecting {@code NONE} is saved only where no epoch is kept
 */
public record Versioned(long generation, StoredValue value) {
  /** The generation a fill records when its lookup found the key empty and no epoch for it. */
  public static final long NONE = 0L;
}
