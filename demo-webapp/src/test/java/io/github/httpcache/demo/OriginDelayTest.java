package io.github.httpcache.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginDelayTest {

  private static final UnaryOperator<String> UNSET = name -> null;

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1} ms")
  @CsvSource(quoteCharacter = '`', value = {
      "250, 250",
      "1, 1",
      "` 40 `, 40",
      "0, 0",
      "60000, 60000",
  })
  void wholeMillisecondsAreAccepted(String value, long expectedMillis) {
    assertEquals(Duration.ofMillis(expectedMillis), OriginDelay.parse(value, "environment variable").duration());
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource(quoteCharacter = '`', value = {
      "-1", "60001", "abc", "1.5", "250ms", "1e3", "99999999999999999999", "+ 5",
  })
  void invalidValueFailsWithMessageNamingVariableValueAndExpectation(String value) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> OriginDelay.parse(value, "environment variable"));

    assertEquals("DEMO_ORIGIN_DELAY_MS = \"" + value + "\" (environment variable):"
        + " expected a whole number of milliseconds from 0 to 60000, such as 250", error.getMessage());
  }

  @Test
  void systemPropertyWinsOverEnvironmentVariable() {
    OriginDelay delay = OriginDelay.resolve(only("10"), only("20"));

    assertEquals(Duration.ofMillis(10), delay.duration());
  }

  @Test
  void environmentVariableIsUsedWhenNoSystemPropertyIsSet() {
    assertEquals(Duration.ofMillis(20), OriginDelay.resolve(UNSET, only("20")).duration());
  }

  @Test
  void blankSystemPropertyFallsBackToEnvironmentVariable() {
    assertEquals(Duration.ofMillis(20), OriginDelay.resolve(only("  "), only("20")).duration());
  }

  @Test
  void unsetOrBlankMeansNoDelay() {
    assertEquals(OriginDelay.NONE, OriginDelay.resolve(UNSET, UNSET));
    assertEquals(OriginDelay.NONE, OriginDelay.resolve(only(""), only(" ")));
  }

  @Test
  void invalidSystemPropertyIsReportedAsSystemProperty() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> OriginDelay.resolve(only("slow"), only("20")));

    assertEquals("DEMO_ORIGIN_DELAY_MS = \"slow\" (system property):"
        + " expected a whole number of milliseconds from 0 to 60000, such as 250", error.getMessage());
  }

  @Test
  void noDelayReturnsAtOnce() {
    OriginDelay.NONE.pause();

    assertEquals(Duration.ZERO, OriginDelay.NONE.duration());
  }

  private static UnaryOperator<String> only(String delayValue) {
    return Map.of(OriginDelay.NAME, delayValue)::get;
  }
}
