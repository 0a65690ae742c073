package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  private static final String KEY = "route.users.ttl";

  @ParameterizedTest(name = "{0} is {1} ms")
  @CsvSource({
    "250ms,   250",
    "30s,     30000",
    "5m,      300000",
    "1h,      3600000",
    "1d,      86400000",
    "PT2M,    120000",
    "PT0.5S,  500",
    "' 30s ', 30000",
    "30 s,    30000",
  })
  void shortFormsAndIso8601AreAccepted(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), Durations.parsePositive(KEY, text));
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @CsvSource({
    "5x",
    "0s",
    "0ms",
    "-1s",
    "''",
    "PT0S",
    "-PT5S",
    "1.5s",
    "s",
    "30 seconds",
    "99999999999999999999d",
    "9999999999999999d",
  })
  void zeroNegativeAndMalformedDurationsAreRejectedNamingKeyAndValue(String text) {
    ConfigException error = assertThrows(ConfigException.class, () -> Durations.parsePositive(KEY, text));

    assertEquals(
        KEY + " = \"" + text + "\": expected a positive duration such as 250ms, 30s, 5m, 1h, 1d or PT2M",
        error.getMessage());
  }
}
