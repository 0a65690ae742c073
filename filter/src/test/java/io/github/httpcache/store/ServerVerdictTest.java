package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a reading of a server lets lookups (which serve entries) and writes do: one row per case. */
class ServerVerdictTest {
  private static final Optional<String> SAFE = Optional.empty();
  private static final Optional<String> ALLKEYS = Optional.of("allkeys-lru");
  private static final Optional<String> WRITES_OK = Optional.empty();
  private static final Optional<String> NOREPLICAS = Optional.of("NOREPLICAS Not enough good replicas to write.");
  private static final ServerVerdict FINE = ServerVerdict.unread(0);
  private static final ServerVerdict WRITES_WERE_REFUSED = ServerVerdict.after(FINE, 0, SAFE, NOREPLICAS);
  private static final ServerVerdict RECOVERING = ServerVerdict.after(WRITES_WERE_REFUSED, 1, SAFE, WRITES_OK);

  static Stream<Arguments> rows() {
    return Stream.of(
        // last reading, policy found, write probe, lookups refused, writes refused
        Arguments.of("healthy", FINE, SAFE, WRITES_OK, false, false),
        Arguments.of("allkeys-* policy", FINE, ALLKEYS, WRITES_OK, true, true),
        Arguments.of("allkeys-* and writes refused", FINE, ALLKEYS, NOREPLICAS, true, true),
        Arguments.of("writes refused: lookups only", FINE, SAFE, NOREPLICAS, true, false),
        Arguments.of("still refused", WRITES_WERE_REFUSED, SAFE, NOREPLICAS, true, false),
        Arguments.of("writes accepted again: one reading more for the journals", WRITES_WERE_REFUSED, SAFE, WRITES_OK,
            true, false),
        Arguments.of("accepted for a whole reading", RECOVERING, SAFE, WRITES_OK, false, false),
        Arguments.of("policy safe again (emptying is Incarnations')", ServerVerdict.after(FINE, 0, ALLKEYS, WRITES_OK),
            SAFE, WRITES_OK, false, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aReadingDecidesWhatMayUseTheServer(String name, ServerVerdict last, Optional<String> policy,
      Optional<String> writeProbe, boolean lookupsRefused, boolean writesRefused) {
    ServerVerdict verdict = ServerVerdict.after(last, 5, policy, writeProbe);

    assertAll(
        () -> assertEquals(lookupsRefused, verdict.refusalFor(true).isPresent(), "lookups"),
        () -> assertEquals(writesRefused, verdict.refusalFor(false).isPresent(), "writes and invalidations"),
        () -> assertEquals(writeProbe.isPresent(), verdict.writesRefused()),
        () -> assertEquals(5, verdict.atNanos()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aClaimKeepsTheVerdictWhileTheServerIsReadAgain(String name, ServerVerdict last, Optional<String> policy,
      Optional<String> writeProbe, boolean lookupsRefused, boolean writesRefused) {
    ServerVerdict verdict = ServerVerdict.after(last, 5, policy, writeProbe);
    ServerVerdict claimed = verdict.claimedAt(9);

    assertAll(
        () -> assertEquals(verdict.refusalFor(true), claimed.refusalFor(true)),
        () -> assertEquals(verdict.refusalFor(false), claimed.refusalFor(false)),
        () -> assertEquals(9, claimed.atNanos()));
  }
}
