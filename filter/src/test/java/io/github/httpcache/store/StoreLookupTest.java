package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a lookup made of a stored value, and the generation a fill of the key must still find on save. */
class StoreLookupTest {
  private static final CachedResponse RESPONSE = new CachedResponse(200, List.of(), new byte[] {1}, Instant.EPOCH);
  private static final VariantIndex INDEX = new VariantIndex(List.of("accept"), 7);

  @Test
  void nothingStoredIsAbsentWithoutAGeneration() {
    assertEquals(new StoreLookup(StoreLookup.Outcome.ABSENT, null, Versioned.NONE), StoreLookup.of(Optional.empty()));
  }

  /** An invalidation's tombstone: the fill must save under its generation, so a later invalidation fences it. */
  @ParameterizedTest(name = "tombstone of generation {0}")
  @CsvSource({"1", "-1", "9223372036854775807", "-9223372036854775808"})
  void tombstoneIsAbsentWithItsGeneration(long generation) {
    assertEquals(new StoreLookup(StoreLookup.Outcome.ABSENT, null, generation),
        StoreLookup.of(Optional.of(new Versioned(generation, Tombstone.INSTANCE))));
  }

  @ParameterizedTest(name = "response of generation {0}")
  @CsvSource({"0", "42", "-9223372036854775808"})
  void responseIsFoundWithItsGeneration(long generation) {
    assertEquals(new StoreLookup(StoreLookup.Outcome.FOUND, RESPONSE, generation),
        StoreLookup.of(Optional.of(new Versioned(generation, RESPONSE))));
  }

  @ParameterizedTest(name = "variant index of generation {0}")
  @CsvSource({"0", "42", "9223372036854775807"})
  void variantIndexIsFoundWithItsGeneration(long generation) {
    assertEquals(new StoreLookup(StoreLookup.Outcome.FOUND, INDEX, generation),
        StoreLookup.of(Optional.of(new Versioned(generation, INDEX))));
  }

  @Test
  void unavailableHasNoValueAndNoGeneration() {
    assertEquals(new StoreLookup(StoreLookup.Outcome.UNAVAILABLE, null, Versioned.NONE), StoreLookup.UNAVAILABLE);
  }
}
