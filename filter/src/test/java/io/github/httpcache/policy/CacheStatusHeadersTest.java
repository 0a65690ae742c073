package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.policy.CacheStatusHeaders.Forward;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9211 §2: {@code Cache-Status} is a list of sf-items, the cache's name then its parameters. */
class CacheStatusHeadersTest {
  /** RFC 8941 §3.3.4 sf-token, the form a {@code detail} parameter takes unquoted. */
  private static final String SF_TOKEN = "[A-Za-z*][A-Za-z0-9:/!#$%&'*+.^_`|~-]*";

  @ParameterizedTest(name = "hit with {0} s left")
  @CsvSource({"97, http-cache; hit; ttl=97", "0, http-cache; hit; ttl=0", "86400, http-cache; hit; ttl=86400"})
  void hitCarriesTheRemainingTtl(long ttl, String value) {
    assertEquals(value, CacheStatusHeaders.hit(ttl));
  }

  @ParameterizedTest(name = "{0} then {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # forward  | store decision    | Cache-Status
      URI_MISS   | STORE             | http-cache; fwd=uri-miss; stored
      VARY_MISS  | STORE             | http-cache; fwd=vary-miss; stored
      VARY_MISS  | SKIP_STATUS       | http-cache; fwd=vary-miss; detail=status
      URI_MISS   | SKIP_SET_COOKIE   | http-cache; fwd=uri-miss; detail=set-cookie
      URI_MISS   | SKIP_VARY_STAR    | http-cache; fwd=uri-miss; detail=vary-star
      URI_MISS   | SKIP_KEY_BUDGET   | http-cache; fwd=uri-miss; detail=key-budget
      URI_MISS   | SKIP_FENCED       | http-cache; fwd=uri-miss; detail=fenced
      VARY_MISS  | SKIP_SLOW_FILL    | http-cache; fwd=vary-miss; detail=slow-fill
      """)
  void forwardedNamesTheReasonAndWhetherItWasStored(Forward forward, StoreDecision decision, String value) {
    assertEquals(value, CacheStatusHeaders.forwarded(forward, decision));
  }

  @ParameterizedTest(name = "{0} with no decision yet")
  @CsvSource({"URI_MISS, http-cache; fwd=uri-miss", "VARY_MISS, http-cache; fwd=vary-miss"})
  void forwardedWithoutADecisionHasNoStoredOrDetail(Forward forward, String value) {
    assertEquals(value, CacheStatusHeaders.forwarded(forward, null));
  }

  @ParameterizedTest(name = "bypass for {0}")
  @CsvSource({
    "nocache,           http-cache; fwd=bypass; detail=nocache",
    "authorization,     http-cache; fwd=bypass; detail=authorization",
    "store-unavailable, http-cache; fwd=bypass; detail=store-unavailable",
  })
  void bypassNamesItsReason(String reason, String value) {
    assertEquals(value, CacheStatusHeaders.bypass(reason));
  }

  @Test
  void everyLookupBypassReasonIsAnSfToken() {
    for (Lookup lookup : Lookup.values()) {
      String detail = CacheStatusHeaders.bypass(lookup.reason()).split("detail=")[1];
      assertTrue(detail.matches(SF_TOKEN), lookup + ": " + detail);
    }
  }

  @Test
  void everyStoreSkipReasonIsAnSfToken() {
    for (StoreDecision decision : StoreDecision.values()) {
      String detail = decision.reason();
      assertTrue(detail.matches(SF_TOKEN), decision + ": " + detail);
    }
  }
}
