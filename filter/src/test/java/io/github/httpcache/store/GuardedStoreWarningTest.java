package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The WARN line a Redis failure leaves: the client's message, and Redis's own reply when it is buried. */
class GuardedStoreWarningTest {
  @Test
  void aBuriedRootCauseIsNamed() {
    RuntimeException failure = new IllegalStateException("Unable to connect to Redis server",
        new RuntimeException("handshake", new IllegalArgumentException("WRONGPASS invalid username-password pair")));

    assertEquals("Unable to connect to Redis server (cause: IllegalArgumentException: WRONGPASS invalid"
        + " username-password pair)", GuardedStore.describe(failure));
  }

  @Test
  void aFailureWithoutCauseOrWhoseMessageSaysItAllIsLeftAlone() {
    assertEquals("timed out", GuardedStore.describe(new IllegalStateException("timed out")));
    assertEquals("wrapped: boom", GuardedStore.describe(new IllegalStateException("wrapped: boom",
        new RuntimeException("boom"))));
  }
}
