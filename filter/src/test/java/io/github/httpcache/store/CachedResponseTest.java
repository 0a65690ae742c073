package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CachedResponseTest {
  private static final Instant STORED_AT = Instant.parse("2024-05-01T12:00:00Z");

  @ParameterizedTest(name = "{0} ms after storing, Age is {1}")
  @CsvSource({
    "0,       0",
    "999,     0",
    "1000,    1",
    "1999,    1",
    "61500,   61",
    "-1,      0",
    "-5000,   0",
    "-999999, 0",
  })
  void ageIsWholeSecondsSinceStoringAndNeverNegative(long millisAfterStoring, long age) {
    CachedResponse entry = new CachedResponse(200, List.of(), new byte[0], STORED_AT);

    assertEquals(age, entry.ageSeconds(STORED_AT.plusMillis(millisAfterStoring)));
  }

  @ParameterizedTest(name = "{0} ms after storing an entry fresh for 120 s, ttl is {1}")
  @CsvSource({
    "0,        120",
    "500,      119",
    "1000,     119",
    "23000,    97",
    "119999,   0",
    "120000,   0",
    "120001,   0",
    "9999999,  0",
  })
  void remainingSecondsIsWholeSecondsOfFreshnessLeftAndNeverNegative(long millisAfterStoring, long remaining) {
    CachedResponse entry = entryFreshFor(Duration.ofSeconds(120));

    assertEquals(remaining, entry.remainingSeconds(STORED_AT.plusMillis(millisAfterStoring)));
  }

  /** RFC 9111 §4.2.3: the current age is never negative, so a clock behind the storing node's adds no freshness. */
  @ParameterizedTest(name = "{0} ms before storing, ttl is {1}")
  @CsvSource({"1, 120", "1000, 120", "60000, 120"})
  void remainingSecondsNeverExceedsTheTtl(long millisBeforeStoring, long remaining) {
    CachedResponse entry = entryFreshFor(Duration.ofSeconds(120));

    assertEquals(remaining, entry.remainingSeconds(STORED_AT.minusMillis(millisBeforeStoring)));
  }

  @Test
  void entryWithNoRecordedTtlHasNoFreshnessLeft() {
    CachedResponse entry = new CachedResponse(200, List.of(), new byte[0], STORED_AT);

    assertEquals(0, entry.remainingSeconds(STORED_AT));
  }

  private static CachedResponse entryFreshFor(Duration ttl) {
    return new CachedResponse(200, List.of(), new byte[0], STORED_AT, ttl, "\"t\"",
        CachedResponse.BodyEncoding.AS_SENT, 0);
  }
}
