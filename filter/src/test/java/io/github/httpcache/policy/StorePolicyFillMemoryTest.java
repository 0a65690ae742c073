package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.config.CookieRule;
import io.github.httpcache.policy.ResponseFacts.BodyCapture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A body the fill memory budget could not hold was never captured whole, so it is never stored. */
class StorePolicyFillMemoryTest {
  private static ResponseFacts response(int status) {
    return new ResponseFacts(status, Map.of("cache-control", List.of("max-age=60")), BodyCapture.OVER_MEMORY);
  }

  @Test
  void routeFreshnessSaysMemory() {
    assertEquals(StoreDecision.SKIP_FILL_MEMORY, StorePolicy.decide("GET", response(200)));
    assertEquals("memory", StoreDecision.SKIP_FILL_MEMORY.reason());
  }

  @Test
  void originFreshnessSaysMemory() {
    assertEquals(StoreDecision.SKIP_FILL_MEMORY,
        StorePolicy.decideFromOrigin(Map.of(), response(200), Sharing.SHARED, CookieRule.UNDECLARED));
  }

  @Test
  void aStatusThatIsNeverStoredKeepsItsOwnReason() {
    assertEquals(StoreDecision.SKIP_STATUS, StorePolicy.decide("GET", response(404)));
  }
}
