package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FresheningTest {
  @ParameterizedTest(name = "{0}")
  @EnumSource(Freshening.class)
  void onlyUpdateOutcomesUpdate(Freshening freshening) {
    assertEquals(freshening.name().startsWith("UPDATE_"), freshening.updates());
  }

  @Test
  void reasonsAreDistinctLowerCaseLabels() {
    Set<String> reasons = Arrays.stream(Freshening.values()).map(Freshening::reason)
        .collect(Collectors.toSet());
    assertEquals(Freshening.values().length, reasons.size());
    reasons.forEach(reason -> assertTrue(reason.matches("[a-z-]+"), reason));
  }
}
