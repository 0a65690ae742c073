package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StorageDecisionTest {
  @ParameterizedTest(name = "{0}")
  @EnumSource(StorageDecision.class)
  void onlyStoreOutcomesAreStorable(StorageDecision decision) {
    assertEquals(decision.name().startsWith("STORE_"), decision.isStorable());
  }

  @Test
  void reasonsAreDistinctLowerCaseLabels() {
    Set<String> reasons = Arrays.stream(StorageDecision.values()).map(StorageDecision::reason)
        .collect(Collectors.toSet());
    assertEquals(StorageDecision.values().length, reasons.size());
    reasons.forEach(reason -> assertTrue(reason.matches("[a-z-]+"), reason));
  }
}
