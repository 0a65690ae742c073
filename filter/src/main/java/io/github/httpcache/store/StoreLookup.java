package io.github.httpcache.store;

/**
 * The outcome of a guarded lookup: a response or variant index, nothing (perhaps a tombstone), or
 * no answer from Redis; with the generation a fill of this key must still find when it saves.
 */
public record StoreLookup(Outcome outcome, StoredValue value, long generation) {
  /** What the lookup found. */
  public enum Outcome {
    FOUND,
    ABSENT,
    UNAVAILABLE
  }

  static final StoreLookup UNAVAILABLE = new StoreLookup(Outcome.UNAVAILABLE, null, Versioned.NONE);

  static StoreLookup of(java.util.Optional<Versioned> found) {
    if (found.isEmpty()) {
      return new StoreLookup(Outcome.ABSENT, null, Versioned.NONE);
    }
    Versioned versioned = found.get();
    return versioned.value() instanceof Tombstone
        ? new StoreLookup(Outcome.ABSENT, null, versioned.generation())
        : new StoreLookup(Outcome.FOUND, versioned.value(), versioned.generation());
  }
}
