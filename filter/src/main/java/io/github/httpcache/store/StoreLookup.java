package io.github.httpcache.store;

/** The outcome of a guarded lookup: an entry, no entry, or no answer from Redis. */
public record StoreLookup(Outcome outcome, StoredValue value) {
  /** What the lookup found. */
  public enum Outcome {
    FOUND,
    ABSENT,
    UNAVAILABLE
  }

  static final StoreLookup ABSENT = new StoreLookup(Outcome.ABSENT, null);
  static final StoreLookup UNAVAILABLE = new StoreLookup(Outcome.UNAVAILABLE, null);

  static StoreLookup found(StoredValue value) {
    return new StoreLookup(Outcome.FOUND, value);
  }
}
