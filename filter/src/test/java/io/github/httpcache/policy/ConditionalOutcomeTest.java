package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConditionalOutcomeTest {
  @ParameterizedTest(name = "{0}")
  @EnumSource(ConditionalOutcome.class)
  void onlyNotModifiedOutcomesAnswer304(ConditionalOutcome outcome) {
    assertEquals(outcome.name().startsWith("NOT_MODIFIED"), outcome.isNotModified());
  }

  @Test
  void reasonsAreDistinctLowerCaseLabels() {
    Set<String> reasons = Arrays.stream(ConditionalOutcome.values())
        .map(ConditionalOutcome::reason).collect(Collectors.toSet());
    assertEquals(ConditionalOutcome.values().length, reasons.size());
    reasons.forEach(reason -> assertTrue(reason.matches("[a-z-]+"), reason));
  }
}
