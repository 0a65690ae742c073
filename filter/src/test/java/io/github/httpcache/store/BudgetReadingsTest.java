package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a save may count its key without asking the budget first: far below it, by the slack. */
class BudgetReadingsTest {
  @ParameterizedTest(name = "max {0}, last heard {1}: far below = {2}")
  @CsvSource(nullValues = "-", value = {
      "10000, -,    false", // nothing heard yet: ask
      "10000, 0,    true",
      "10000, 8999, true",
      "10000, 9000, false", // within a tenth of the budget: ask
      "10000, 9999, false",
      "10000, 12000, false", // over it (an approximate count, or nodes that overshot): ask
      "300,   235,  true",
      "300,   236,  false", // slack 64 when a tenth is less
      "64,    0,    false", // a budget within the slack is always asked, so it holds exactly
      "1,     0,    false"})
  void farBelowTheBudgetOnlyByMoreThanTheSlack(long maxKeys, Long heard, boolean farBelow) {
    BudgetReadings readings = new BudgetReadings();
    if (heard != null) {
      readings.heard("budget", heard);
    }

    assertEquals(farBelow, readings.farBelow("budget", maxKeys));
    assertEquals(false, readings.farBelow("another route's budget", maxKeys));
  }
}
