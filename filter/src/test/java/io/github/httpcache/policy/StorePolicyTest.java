package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.policy.ResponseFacts.BodyCapture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorePolicyTest {
  /** A response with header lines such as {@code "Cache-Control: no-store"}, keyed by lower-case name as the wrapper does. */
  private static ResponseFacts response(int status, BodyCapture body, String... headerLines) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : headerLines) {
      int colon = line.indexOf(':');
      headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    return new ResponseFacts(status, headers, body);
  }

  private static StoreDecision decideGet(String... headerLines) {
    return StorePolicy.decide("GET", response(200, BodyCapture.COMPLETE, headerLines));
  }

  @Test
  void complete200ToGetIsStored() {
    assertEquals(StoreDecision.STORE, decideGet("Content-Type: application/json"));
  }

  @ParameterizedTest(name = "status {0} is not stored")
  @CsvSource({"201", "202", "203", "204", "206", "300", "301", "302", "304", "307", "308", "400", "404", "410",
      "500", "502", "503"})
  void statusOtherThan200IsNotStored(int status) {
    assertEquals(StoreDecision.SKIP_STATUS, StorePolicy.decide("GET", response(status, BodyCapture.COMPLETE)));
  }

  @ParameterizedTest(name = "{0} is not stored")
  @CsvSource({"HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
  void methodOtherThanGetIsNotStored(String method) {
    assertEquals(StoreDecision.SKIP_METHOD, StorePolicy.decide(method, response(200, BodyCapture.COMPLETE)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"'Set-Cookie: session=abc; HttpOnly'", "'set-cookie: a=1'", "'SET-COOKIE: a=1'"})
  void responseWithSetCookieIsNotStored(String headerLine) {
    assertEquals(StoreDecision.SKIP_SET_COOKIE, decideGet(headerLine));
  }

  @ParameterizedTest(name = "Cache-Control: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      no-store
      NO-STORE
      No-Store
      max-age=60, no-store
      no-store, max-age=60
      public,no-store
      max-age=60 ,  no-store  ,public
      no-cache="a,b", no-store
      """)
  void noStoreIsNotStored(String cacheControl) {
    assertEquals(StoreDecision.SKIP_NO_STORE, decideGet("Cache-Control: " + cacheControl));
  }

  @ParameterizedTest(name = "Cache-Control: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      private
      PRIVATE
      private="Set-Cookie"
      private="Set-Cookie, X-User"
      max-age=60, private
      """)
  void privateIsNotStored(String cacheControl) {
    assertEquals(StoreDecision.SKIP_PRIVATE, decideGet("Cache-Control: " + cacheControl));
  }

  /** RFC 9111 §5.2 and RFC 9110 §5.6.4: a quoted string, quoted-pairs included, is one argument. */
  @ParameterizedTest(name = "Cache-Control: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      public, max-age=60
      foo
      max-age=0
      s-maxage=60, must-revalidate
      no-storex
      x-private
      foo=no-store
      foo=private
      foo="bar, no-store, private"
      ''
      """)
  void cacheControlWithoutNoStoreOrPrivateDirectiveIsStored(String cacheControl) {
    assertEquals(StoreDecision.STORE, decideGet("Cache-Control: " + cacheControl));
  }
  @ParameterizedTest(name = "Cache-Control: {0} is not stored under a route TTL")
  @CsvSource(delimiter = '|', textBlock = """
      no-cache
      no-cache="a,private"
      no-cache="a, no-store"
      no-cache="a\\",private,b"
      no-cache="a\\\\", public
      max-age=60, NO-CACHE
      """)
  void noCacheInAnyFormIsNotStoredUnderARouteTtl(String cacheControl) {
    assertEquals(StoreDecision.SKIP_NO_CACHE, decideGet("Cache-Control: " + cacheControl));
  }


  @Test
  void noStoreInALaterFieldLineIsNotStored() {
    assertEquals(StoreDecision.SKIP_NO_STORE, decideGet("Cache-Control: public", "Cache-Control: no-store"));
  }

  @Test
  void bodyOverTheSizeLimitIsNotStored() {
    assertEquals(StoreDecision.SKIP_TOO_LARGE, StorePolicy.decide("GET", response(200, BodyCapture.OVER_LIMIT)));
  }

  @Test
  void abandonedBodyIsNotStored() {
    assertEquals(StoreDecision.SKIP_ABANDONED, StorePolicy.decide("GET", response(200, BodyCapture.ABANDONED)));
  }

  private static StoreDecision decideGet(Sharing sharing, String... headerLines) {
    return StorePolicy.decide("GET", response(200, BodyCapture.COMPLETE, headerLines), sharing);
  }

  /** RFC 9110 §12.5.5: a response that varies on {@code *} can never be selected for a later request. */
  @ParameterizedTest(name = "Vary: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      *
      ' * '
      Accept, *
      *, Accept-Encoding
      """)
  void varyStarIsNotStored(String vary) {
    assertEquals(StoreDecision.SKIP_VARY_STAR, decideGet("Vary: " + vary));
  }

  @Test
  void varyStarInALaterFieldLineIsNotStored() {
    assertEquals(StoreDecision.SKIP_VARY_STAR, decideGet("Vary: Accept", "Vary: *"));
  }

  @ParameterizedTest(name = "Vary: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      Accept
      Accept-Encoding
      Accept-Language, Accept
      x-star
      """)
  void responseVaryingOnNamedHeadersIsStored(String vary) {
    assertEquals(StoreDecision.STORE, decideGet("Vary: " + vary));
  }

  @ParameterizedTest(name = "Cache-Control: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      private
      private="Set-Cookie"
      max-age=60, private
      """)
  void privateIsStoredForItsOwnUserOnAPerUserRoute(String cacheControl) {
    assertEquals(StoreDecision.STORE, decideGet(Sharing.PER_USER, "Cache-Control: " + cacheControl));
  }

  @Test
  void privateIsNotStoredOnASharedRoute() {
    assertEquals(StoreDecision.SKIP_PRIVATE, decideGet(Sharing.SHARED, "Cache-Control: private"));
  }

  @ParameterizedTest(name = "{1} on a per-user route -> {0}")
  @CsvSource(delimiter = '|', textBlock = """
      # decision        | header line
      SKIP_NO_STORE     | Cache-Control: no-store
      SKIP_NO_STORE     | Cache-Control: private, no-store
      SKIP_SET_COOKIE   | Set-Cookie: session=abc
      SKIP_VARY_STAR    | Vary: *
      """)
  void perUserRouteStillHonoursNoStoreCookiesAndVaryStar(StoreDecision decision, String headerLine) {
    assertEquals(decision, decideGet(Sharing.PER_USER, headerLine));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"SHARED", "PER_USER"})
  void statusOtherThan200IsNotStoredWhateverTheSharing(Sharing sharing) {
    assertEquals(StoreDecision.SKIP_STATUS, StorePolicy.decide("GET", response(404, BodyCapture.COMPLETE), sharing));
  }
}
