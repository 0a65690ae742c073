package io.github.httpcache.policy;

import static io.github.httpcache.policy.TestHeaders.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageRulesTest {
  private static final Map<String, List<String>> PLAIN_REQUEST = Map.of();

  private static StorageDecision decide(int status, String... responseHeaderLines) {
    return StorageRules.decide("GET", PLAIN_REQUEST, status, headers(responseHeaderLines));
  }

  private static StorageDecision decideWithRequest(Map<String, List<String>> request,
      String... responseHeaderLines) {
    return StorageRules.decide("GET", request, 200, headers(responseHeaderLines));
  }

  @Test
  void section3_a200WithMaxAgeIsStoredWithExplicitFreshness() {
    assertEquals(StorageDecision.STORE_EXPLICIT, decide(200, "Cache-Control: max-age=60"));
  }

  @ParameterizedTest(name = "{0} is not stored")
  @ValueSource(strings = {"HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "get",
      "Get"})
  void section3_onlyGetIsStored(String method) {
    assertEquals(StorageDecision.SKIP_METHOD, StorageRules.decide(method, PLAIN_REQUEST, 200,
        headers("Cache-Control: public, max-age=60")));
  }

  @ParameterizedTest(name = "status {0} is not final")
  @ValueSource(ints = {100, 101, 102, 103, 199, 0, 99, 600, 999})
  void section3_interimResponsesAreNotStored(int status) {
    assertEquals(StorageDecision.SKIP_NOT_FINAL, decide(status, "Cache-Control: max-age=60"));
  }

  @Test
  void section3_3_partialContentPassesThrough() {
    assertEquals(StorageDecision.SKIP_PARTIAL, decide(206, "Cache-Control: max-age=60",
        "Content-Range: bytes 0-9/100"));
  }

  @Test
  void section4_3_4_notModifiedIsNeverStoredItself() {
    assertEquals(StorageDecision.SKIP_NOT_MODIFIED, decide(304, "Cache-Control: max-age=60"));
  }

  @ParameterizedTest(name = "status {0} with max-age is stored")
  @ValueSource(ints = {200, 201, 202, 203, 204, 299, 300, 301, 302, 303, 307, 308, 400, 403, 404,
      410, 499, 500, 502, 503, 504, 599})
  void section3_anyFinalStatusWithExplicitFreshnessIsStored(int status) {
    assertEquals(StorageDecision.STORE_EXPLICIT, decide(status, "Cache-Control: max-age=3600"));
  }

  @ParameterizedTest(name = "[{0}] is explicit freshness")
  @ValueSource(strings = {"Cache-Control: max-age=0", "Cache-Control: s-maxage=60",
      "Expires: Thu, 01 Jan 2099 00:00:00 GMT", "Expires: 0", "Cache-Control: max-age=junk",
      "Cache-Control: no-cache, max-age=60"})
  void section3_explicitFreshnessEvenIfStaleOrInvalidAllowsStoring(String headerLine) {
    assertEquals(StorageDecision.STORE_EXPLICIT, decide(599, headerLine));
  }

  @ParameterizedTest(name = "status {0} without freshness: {1}")
  @CsvSource({
      "200, STORE_HEURISTIC", "203, STORE_HEURISTIC", "204, STORE_HEURISTIC",
      "300, STORE_HEURISTIC", "301, STORE_HEURISTIC", "308, STORE_HEURISTIC",
      "404, STORE_HEURISTIC", "405, STORE_HEURISTIC", "410, STORE_HEURISTIC",
      "414, STORE_HEURISTIC", "501, STORE_HEURISTIC",
      "201, SKIP_NO_FRESHNESS", "202, SKIP_NO_FRESHNESS", "302, SKIP_NO_FRESHNESS",
      "303, SKIP_NO_FRESHNESS", "307, SKIP_NO_FRESHNESS", "400, SKIP_NO_FRESHNESS",
      "403, SKIP_NO_FRESHNESS", "500, SKIP_NO_FRESHNESS", "502, SKIP_NO_FRESHNESS",
      "503, SKIP_NO_FRESHNESS", "504, SKIP_NO_FRESHNESS", "599, SKIP_NO_FRESHNESS"})
  void section4_2_2_onlyHeuristicallyCacheableStatusesAreStoredWithoutFreshness(int status,
      StorageDecision expected) {
    assertEquals(expected, decide(status, "Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT"));
  }

  @ParameterizedTest(name = "status {0} with public is heuristically storable")
  @ValueSource(ints = {200, 201, 403, 502, 599})
  void section5_2_2_9_publicMakesAnyFinalStatusHeuristicallyStorable(int status) {
    assertEquals(StorageDecision.STORE_HEURISTIC, decide(status, "Cache-Control: public"));
  }

  @ParameterizedTest(name = "Cache-Control: {0}")
  @ValueSource(strings = {"no-store", "NO-STORE", "No-StOrE", "max-age=10000, no-store",
      "no-store, max-age=10000", "public, no-store", "no-store=\"x\"",
      "no-cache=\"a,b\", no-store"})
  void section5_2_2_5_noStoreIsNotStored(String cacheControl) {
    assertEquals(StorageDecision.SKIP_NO_STORE, decide(200, "Cache-Control: " + cacheControl,
        "Expires: Thu, 01 Jan 2099 00:00:00 GMT"));
  }

  @Test
  void section5_2_2_5_noStoreOnAnyLineIsNotStored() {
    assertEquals(StorageDecision.SKIP_NO_STORE,
        decide(200, "Cache-Control: max-age=60", "Cache-Control: no-store"));
  }

  @ParameterizedTest(name = "request Cache-Control: {0}")
  @ValueSource(strings = {"no-store", "No-Store", "max-age=0, no-store"})
  void section5_2_1_5_requestNoStoreIsNotStored(String cacheControl) {
    assertEquals(StorageDecision.SKIP_REQUEST_NO_STORE,
        decideWithRequest(headers("Cache-Control: " + cacheControl), "Cache-Control: max-age=60"));
  }

  @ParameterizedTest(name = "request Cache-Control: {0}")
  @ValueSource(strings = {"no-cache", "max-age=0", "only-if-cached", "foo"})
  void section5_2_1_otherRequestDirectivesDoNotPreventStoring(String cacheControl) {
    assertEquals(StorageDecision.STORE_EXPLICIT,
        decideWithRequest(headers("Cache-Control: " + cacheControl), "Cache-Control: max-age=60"));
  }

  @ParameterizedTest(name = "Cache-Control: {0}")
  @ValueSource(strings = {"private", "PRIVATE", "private, max-age=3600", "private=\"Set-Cookie\"",
      "private=\"Set-Cookie, X-User\", max-age=60", "public, private"})
  void section5_2_2_7_privateIsNotStoredByASharedCache(String cacheControl) {
    assertEquals(StorageDecision.SKIP_PRIVATE, decide(200, "Cache-Control: " + cacheControl));
  }

  @ParameterizedTest(name = "Cache-Control: {0} with Authorization: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      max-age=3600                        | SKIP_AUTHORIZATION
      ''                                  | SKIP_AUTHORIZATION
      no-cache, max-age=3600              | SKIP_AUTHORIZATION
      proxy-revalidate, max-age=3600      | SKIP_AUTHORIZATION
      max-age=3600, public                | STORE_EXPLICIT
      max-age=3600, must-revalidate       | STORE_EXPLICIT
      s-maxage=3600                       | STORE_EXPLICIT
      s-maxage=junk                       | STORE_EXPLICIT
      public                              | STORE_HEURISTIC
      """)
  void section3_5_authorizedResponsesNeedADirectiveThatAllowsSharing(String cacheControl,
      StorageDecision expected) {
    assertEquals(expected,
        decideWithRequest(headers("Authorization: FOO"), "Cache-Control: " + cacheControl));
  }

  @ParameterizedTest(name = "Vary: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      *                       | SKIP_VARY_STAR
      ' * '                   | SKIP_VARY_STAR
      Accept-Encoding, *      | SKIP_VARY_STAR
      Accept-Encoding         | STORE_EXPLICIT
      Accept, Accept-Language | STORE_EXPLICIT
      """)
  void rfc9110_section12_5_5_varyStarIsNotStored(String vary, StorageDecision expected) {
    assertEquals(expected, decide(200, "Cache-Control: max-age=60", "Vary: " + vary));
  }

  @Test
  void section5_2_2_3_mustUnderstandWithAnUnderstoodStatusOverridesNoStore() {
    assertEquals(StorageDecision.STORE_EXPLICIT,
        decide(200, "Cache-Control: max-age=3600, no-store, must-understand"));
  }

  @ParameterizedTest(name = "status {0}")
  @ValueSource(ints = {299, 418, 499, 599})
  void section5_2_2_3_mustUnderstandWithAnUnknownStatusIsNotStored(int status) {
    assertEquals(StorageDecision.SKIP_MUST_UNDERSTAND,
        decide(status, "Cache-Control: max-age=3600, no-store, must-understand"));
    assertEquals(StorageDecision.SKIP_MUST_UNDERSTAND,
        decide(status, "Cache-Control: max-age=3600, must-understand"));
  }

  @Test
  void section5_2_2_3_mustUnderstandDoesNotOverridePrivate() {
    assertEquals(StorageDecision.SKIP_PRIVATE,
        decide(200, "Cache-Control: max-age=3600, no-store, must-understand, private"));
  }

  @Test
  void requestNoStoreIsReportedBeforeTheResponsesOwnReasons() {
    assertEquals(StorageDecision.SKIP_REQUEST_NO_STORE,
        decideWithRequest(headers("Cache-Control: no-store"), "Cache-Control: private"));
  }

  @ParameterizedTest(name = "{0} heuristically cacheable: {1}")
  @CsvSource({"200, true", "203, true", "204, true", "206, true", "300, true", "301, true",
      "308, true", "404, true", "405, true", "410, true", "414, true", "501, true", "201, false",
      "302, false", "304, false", "307, false", "403, false", "500, false", "503, false"})
  void rfc9110_section15_1_heuristicallyCacheableStatuses(int status, boolean cacheable) {
    assertEquals(cacheable, StorageRules.isHeuristicallyCacheable(status));
  }

  @ParameterizedTest(name = "{0} understood: {1}")
  @CsvSource({"200, true", "204, true", "301, true", "404, true", "503, true", "505, true",
      "206, false", "304, false", "299, false", "418, false", "599, false", "100, false"})
  void section3_understoodStatusesExcludePartialAndNotModified(int status, boolean understood) {
    assertEquals(understood, StorageRules.understands(status));
  }
}
