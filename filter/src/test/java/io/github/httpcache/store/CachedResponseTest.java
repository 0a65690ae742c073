package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
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
}
