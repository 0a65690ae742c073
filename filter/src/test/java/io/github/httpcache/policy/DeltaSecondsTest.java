package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeltaSecondsTest {
  @ParameterizedTest(name = "{0} is {1} seconds")
  @CsvSource({
      "0, 0",
      "1, 1",
      "3600, 3600",
      "003600, 3600",
      "0000000000000000000000000000001, 1",
      "2147483647, 2147483647",
      "2147483648, 2147483648",
      "2147483649, 2147483648",
      "99999999999, 2147483648",
      "99999999999999999999999999999999999999, 2147483648"})
  void section1_2_2_digitsAreReadAndCappedAtTwoToTheThirtyFirst(String text, long seconds) {
    assertEquals(DeltaSeconds.of(seconds), DeltaSeconds.parse(text));
  }

  @ParameterizedTest(name = "[{0}] is invalid")
  @ValueSource(strings = {"", " ", "-1", "+1", "1.0", "3600.5", "1e3", "a3600", "3600a", " 10",
      "10 ", "\"10\"", "'10'", "0x10", "\u0663", "１０"})
  void section1_2_2_anythingButDigitsIsInvalid(String text) {
    assertEquals(DeltaSeconds.invalid(), DeltaSeconds.parse(text));
  }

  @Test
  void nullIsInvalid() {
    assertTrue(DeltaSeconds.parse(null).isInvalid());
  }

  @Test
  void validValueConvertsToADuration() {
    assertEquals(Duration.ofSeconds(2_147_483_648L),
        DeltaSeconds.parse("99999999999").toDuration());
  }

  @Test
  void absentOrInvalidHasNoDuration() {
    assertThrows(IllegalStateException.class, () -> DeltaSeconds.absent().toDuration());
    assertThrows(IllegalStateException.class, () -> DeltaSeconds.invalid().toDuration());
  }

  @Test
  void aNegativeValueCannotBeBuilt() {
    assertThrows(IllegalArgumentException.class, () -> DeltaSeconds.of(-1));
  }

  @Test
  void onlyAValidValueCarriesSeconds() {
    assertThrows(IllegalArgumentException.class,
        () -> new DeltaSeconds(DeltaSeconds.Status.INVALID, 5));
    assertThrows(IllegalArgumentException.class, () -> new DeltaSeconds(null, 0));
  }

  @Test
  void statusPredicatesAgreeWithTheStatus() {
    assertTrue(DeltaSeconds.absent().isAbsent());
    assertTrue(DeltaSeconds.invalid().isInvalid());
    assertTrue(DeltaSeconds.of(0).isValid());
  }
}
