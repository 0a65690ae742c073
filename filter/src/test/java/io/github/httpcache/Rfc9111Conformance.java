package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.ScriptedOrigin.Reply;
import io.github.httpcache.testing.RedisFixture;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9111 conformance of {@code freshness = origin}: the origin's {@code Cache-Control},
 * {@code Expires}, {@code Date} and {@code Age} decide freshness, and the cache stores, reuses,
 * revalidates and invalidates as a shared cache must. One test per rule, named after the section
 * it checks; the required expectations of the http-tests/cache-tests suite are mirrored, its
 * optional ones only where the feature asks for them. Run twice by its subclasses: the scripted
 * origin directly behind the filter (blocking), and behind Jetty's async {@code ProxyServlet}.
 *
 * <p>No test waits for time to pass: responses are stale from the start ({@code max-age=0}, an
 * {@code Expires} in the past, an upstream {@code Age} beyond the lifetime, {@code no-cache}) or
 * fresh for an hour. Over 400 lines because it is the one catalogue of the RFC's rules, kept in
 * the RFC's order so a failure reads as the section it breaks.
 */
abstract class Rfc9111Conformance {
  static RedisFixture redis;
  static final ScriptedOrigin origin = new ScriptedOrigin();

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  abstract TestServer cache();

  /**
   * Everything under {@code /**} in origin mode without a fallback; {@code /fallback/**} in
   * origin mode with a 60 s fallback lifetime; {@code /legacy/{name}} in route mode (60 s).
   */
  static Map<String, String> cacheConfig() {
    return TestServer.config(
        "redis.url", redis.url(),
        "cache.compression", "off",
        "cache.freshness", "origin",
        "route.all.path", "/**",
        "route.fallback.path", "/fallback/**",
        "route.fallback.freshness", "origin",
        "route.fallback.ttl", "60s",
        "route.legacy.path", "/legacy/{name}",
        "route.legacy.freshness", "route",
        "route.legacy.ttl", "60s",
        // Behind the proxy servlet the origin's Vary keys responses, as in origin mode.
        "route.legacy.inputs", "off");
  }

  @BeforeEach
  void resetOriginAndRedis() {
    origin.reset();
    redis.flushAll();
  }

  // ---------------------------------------------------------------- §4.2.1 freshness lifetime

  @Test
  void section4_2_1_maxAgeGivesTheLifetime() throws Exception {
    serve("/o/max-age", "Cache-Control", "max-age=3600");

    assertReused("/o/max-age", "RFC 9111 §4.2.1: max-age=3600 makes the response fresh for an hour");
  }

  @Test
  void section4_2_1_sMaxageOverridesMaxAge() throws Exception {
    serve("/o/s-maxage-shorter", "Cache-Control", "max-age=3600, s-maxage=0");
    serve("/o/s-maxage-separate-lines", "Cache-Control", "max-age=3600", "Cache-Control", "s-maxage=0");
    serve("/o/s-maxage-longer", "Cache-Control", "max-age=0, s-maxage=3600");

    assertNotReused("/o/s-maxage-shorter",
        "RFC 9111 §4.2.1/§5.2.2.10: a shared cache uses s-maxage=0 over max-age=3600, so the response is stale");
    assertNotReused("/o/s-maxage-separate-lines",
        "RFC 9111 §5.2.2.10: s-maxage=0 on its own Cache-Control line still overrides max-age=3600");
    assertReused("/o/s-maxage-longer",
        "RFC 9111 §5.2.2.10: a shared cache uses s-maxage=3600 over max-age=0, so the response is fresh");
  }

  @Test
  void section4_2_1_expiresMinusDateGivesTheLifetime() throws Exception {
    Instant now = now();
    serve("/o/expires", "Date", httpDate(now), "Expires", httpDate(now.plus(Duration.ofDays(30))));

    assertReused("/o/expires", "RFC 9111 §4.2.1: without max-age, Expires minus Date (30 days) is the lifetime");
  }

  @Test
  void section4_2_1_expiresOlderThanDateIsStaleEvenIfStillInTheFuture() throws Exception {
    Instant now = now();
    serve("/o/expires-before-date", "Date", httpDate(now.plusSeconds(400)), "Expires", httpDate(now.plusSeconds(300)));

    assertNotReused("/o/expires-before-date",
        "RFC 9111 §4.2.1: the lifetime is Expires minus the origin's Date (here -100 s), not Expires minus the cache's clock");
  }

  @Test
  void section4_2_1_pastExpiresIsStale() throws Exception {
    Instant now = now();
    serve("/o/expires-past", "Date", httpDate(now), "Expires", httpDate(now.minus(Duration.ofDays(30))));

    assertNotReused("/o/expires-past", "RFC 9111 §4.2.1/§5.3: an Expires 30 days before Date is stale on arrival");
  }

  @Test
  void section4_2_1_expiresEqualToDateIsStale() throws Exception {
    String date = httpDate(now());
    serve("/o/expires-present", "Date", date, "Expires", date);

    assertNotReused("/o/expires-present", "RFC 9111 §4.2.1: Expires equal to Date is a lifetime of zero");
  }

  @ParameterizedTest(name = "Expires: {0}")
  @ValueSource(strings = {
      "0",
      "-1",
      "Thu, 18 Aug 2050 02:01:18 UTC",
      "Thu, 18 Aug 50 02:01:18 GMT",
      "Thu 18 Aug 2050 02:01:18 GMT",
      "Thu, 18  Aug  2050 02:01:18 GMT",
      "Thu, 18-Aug-2050 02:01:18 GMT",
      "Thu, 18 Aug 2050 02.01.18 GMT",
      "Thu, 18 Aug 2050 2:01:18 GMT"})
  void section4_2_1_invalidExpiresIsStale(String expires) throws Exception {
    String path = "/o/expires-invalid-" + Integer.toHexString(expires.hashCode());
    serve(path, "Date", httpDate(now()), "Expires", expires);

    assertNotReused(path, "RFC 9111 §5.3: an invalid Expires (\"" + expires
        + "\" is no IMF-fixdate, RFC 850 or asctime date) must be treated as in the past, i.e. stale");
  }

  @Test
  void section4_2_1_maxAgeZeroOverridesAFutureExpires() throws Exception {
    Instant now = now();
    serve("/o/max-age-0-expires", "Cache-Control", "max-age=0", "Date", httpDate(now),
        "Expires", httpDate(now.plusSeconds(10_000)));

    assertNotReused("/o/max-age-0-expires", "RFC 9111 §5.3: max-age (here 0) takes precedence over Expires");
  }

  @Test
  void section4_2_1_conflictingDuplicatesUseTheFirstOrAreStale() throws Exception {
    Instant now = now();
    serve("/o/max-age-twice", "Cache-Control", "max-age=0, max-age=3600");
    serve("/o/max-age-two-lines", "Cache-Control", "max-age=0", "Cache-Control", "max-age=3600");
    serve("/o/expires-two-lines", "Date", httpDate(now), "Expires", httpDate(now.minusSeconds(3600)),
        "Expires", httpDate(now.plusSeconds(3600)));

    String rule = "RFC 9111 §4.2.1: with a directive given twice, the first occurrence is used or the response is"
        + " stale; the first here is stale, so either way it must not be reused";
    assertNotReused("/o/max-age-twice", rule + " (max-age=0, max-age=3600)");
    assertNotReused("/o/max-age-two-lines", rule + " (two Cache-Control lines)");
    assertNotReused("/o/expires-two-lines", rule + " (two Expires lines, the first in the past)");
  }

  @ParameterizedTest(name = "Cache-Control: {0}")
  @ValueSource(strings = {"max-age=-1", "max-age=a3600", "max-age=3600a", "max-age="})
  void section1_2_2_invalidDeltaSecondsIsNoLifetime(String cacheControl) throws Exception {
    String path = "/o/delta-invalid-" + Integer.toHexString(cacheControl.hashCode());
    serve(path, "Cache-Control", cacheControl);

    assertNotReused(path, "RFC 9111 §1.2.2/§4.2.1: \"" + cacheControl
        + "\" is not a non-negative integer of seconds; with no valid lifetime and no fallback it must not be reused");
  }

  // ------------------------------------------------------- §5.2 Cache-Control parsing

  @ParameterizedTest(name = "Cache-Control: {0}")
  @ValueSource(strings = {
      "MAX-AGE=3600",
      "Max-Age=3600",
      "max-age=\"3600\"",
      "max-age=003600",
      "   max-age=3600   ,   public   ",
      "public,max-age=3600",
      "foo, max-age=3600",
      "foo=\"a, b\", max-age=3600",
      "max-age=3600, bar=\"max-age=0\""})
  void section5_2_validCacheControlSpellingsGiveTheLifetime(String cacheControl) throws Exception {
    String path = "/o/cc-valid-" + Integer.toHexString(cacheControl.hashCode());
    serve(path, "Cache-Control", cacheControl);

    assertReused(path, "RFC 9111 §5.2 (RFC 9110 §5.6): \"" + cacheControl + "\" means max-age=3600: directive names are"
        + " case-insensitive, the argument may be a quoted-string, OWS is allowed around commas, unknown directives"
        + " and their (quoted) arguments are ignored (§5.2.3)");
  }

  @ParameterizedTest(name = "Cache-Control: {0}")
  @ValueSource(strings = {"max-age = 3600", "max-age =3600", "max-age= 3600", "max-age='3600'"})
  void section5_2_malformedMaxAgeIsNoLifetime(String cacheControl) throws Exception {
    String path = "/o/cc-malformed-" + Integer.toHexString(cacheControl.hashCode());
    serve(path, "Cache-Control", cacheControl);

    assertNotReused(path, "RFC 9111 §5.2: the grammar is token [ \"=\" ( token / quoted-string ) ], without whitespace"
        + " around \"=\" and with double quotes only; \"" + cacheControl + "\" gives no max-age, so with no fallback"
        + " it must not be reused");
  }

  @ParameterizedTest(name = "Cache-Control: {0}")
  @ValueSource(strings = {"extension=\"max-age=3600\", max-age=0", "max-age=0, extension=\"max-age=3600\"",
      "extension=\"max-age=3600\", max-age=\"0\""})
  void section5_2_maxAgeInsideAQuotedStringIsIgnored(String cacheControl) throws Exception {
    String path = "/o/cc-quoted-" + Integer.toHexString(cacheControl.hashCode());
    serve(path, "Cache-Control", cacheControl);

    assertNotReused(path, "RFC 9111 §5.2: \"max-age=3600\" inside a quoted-string is an argument, not a directive;"
        + " the real directive in \"" + cacheControl + "\" is max-age=0");
  }

  // ---------------------------------------------------- §4.2.2 / §4.2 without explicit freshness

  @Test
  void section4_2_noExplicitFreshnessAndNoFallbackIsNotReused() throws Exception {
    serve("/o/no-freshness", "Content-Type", "text/plain",
        "Last-Modified", httpDate(now().minus(Duration.ofDays(365))));

    assertNotReused("/o/no-freshness", "issue: in origin mode a response without s-maxage, max-age or Expires is not"
        + " reused when the route configures no fallback ttl (the Last-Modified heuristic, RFC 9111 §4.2.2, is off by"
        + " default: HeuristicFreshnessTest turns it on)");
  }

  @Test
  void section4_2_2_theRouteTtlIsTheFallbackLifetime() throws Exception {
    serve("/fallback/plain", "Content-Type", "text/plain");

    assertReused("/fallback/plain", "RFC 9111 §4.2.2: route.fallback.ttl = 60s is the heuristic lifetime of a 200"
        + " without explicit freshness");
  }

  @Test
  void section4_2_2_theRouteTtlNeverOverridesExplicitFreshness() throws Exception {
    Instant now = now();
    serve("/fallback/max-age-0", "Cache-Control", "max-age=0");
    serve("/fallback/expired", "Date", httpDate(now), "Expires", httpDate(now.minusSeconds(60)));

    assertNotReused("/fallback/max-age-0",
        "RFC 9111 §4.2.2: a cache MUST NOT use a heuristic (the route's ttl) when explicit freshness (max-age=0) is given");
    assertNotReused("/fallback/expired",
        "RFC 9111 §4.2.2: a cache MUST NOT use a heuristic (the route's ttl) when an Expires is given");
  }

  // ------------------------------------------------------------------------ §4.2.3 age

  @Test
  void section4_2_3_upstreamAgeCountsAgainstFreshness() throws Exception {
    serve("/o/aged-max-age", "Date", httpDate(now()), "Cache-Control", "max-age=10", "Age", "15");

    assertNotReused("/o/aged-max-age",
        "RFC 9111 §4.2.3: current_age includes the upstream Age (15 s), which exceeds max-age=10");
  }

  @Test
  void section4_2_3_upstreamAgeCountsAgainstExpires() throws Exception {
    Instant now = now();
    serve("/o/aged-expires", "Date", httpDate(now.minusSeconds(10)), "Expires", httpDate(now.plusSeconds(10)),
        "Age", "25");

    assertNotReused("/o/aged-expires",
        "RFC 9111 §4.2.3: an upstream Age of 25 s exceeds the 20 s between Date and Expires");
  }

  @Test
  void section4_2_3_apparentAgeFromDateCountsAgainstFreshness() throws Exception {
    serve("/o/old-date", "Date", httpDate(now().minusSeconds(7200)), "Cache-Control", "max-age=3600");

    assertNotReused("/o/old-date",
        "RFC 9111 §4.2.3: apparent_age = response_time - Date (two hours) exceeds max-age=3600");
  }

  // ----------------------------------------------------- §4 serving stale, by status

  @ParameterizedTest(name = "status {0}")
  @ValueSource(ints = {200, 203, 204, 301, 302, 404, 410, 500, 503})
  void section4_staleResponseIsNotReusedWhateverItsStatus(int status) throws Exception {
    Instant now = now();
    String path = "/o/stale-status-" + status;
    serve(path, status, "Date", httpDate(now), "Expires", httpDate(now.minusSeconds(5000)),
        "Last-Modified", httpDate(now.minusSeconds(100_000)));

    get(path);
    get(path);

    assertEquals(2, origin.calls(path), "RFC 9111 §4.2.4: a cache must not reuse a stale " + status
        + " response (Expires in the past) without validation; the origin must be asked again");
  }

  @Test
  void section4_differentQueryStringsAreDifferentEntries() throws Exception {
    serve("/o/query", "Cache-Control", "max-age=3600");

    HttpResponse<String> first = get("/o/query?test=1");
    HttpResponse<String> other = get("/o/query?test=2");
    HttpResponse<String> firstAgain = get("/o/query?test=1");

    assertEquals("body #2", other.body(), "RFC 9111 §2: the query is part of the target URI, so ?test=2 is another key");
    assertEquals(first.body(), firstAgain.body(), "the ?test=1 entry is still reused");
    assertEquals(2, origin.calls("/o/query"));
  }

  // ----------------------------------------------------------- §4.3.2 client conditionals

  @Test
  void section4_3_2_ifNoneMatchFromAFreshEntry() throws Exception {
    serve("/o/inm", "Cache-Control", "max-age=3600", "ETag", "\"abcdef\"");
    get("/o/inm");

    HttpResponse<String> notModified = get("/o/inm", "If-None-Match", "\"1234\", \"abcdef\"");

    assertEquals(304, notModified.statusCode(), "RFC 9111 §4.3.2: a fresh stored response whose ETag is listed in"
        + " If-None-Match is answered 304 by the cache");
    assertEquals("", notModified.body());
    assertEquals("\"abcdef\"", header(notModified, "ETag"), "RFC 9110 §15.4.5: a 304 carries the ETag");
    assertEquals("HIT", header(notModified, "X-Cache"));
    assertEquals(1, origin.calls("/o/inm"), "the cache answers the condition itself; the origin is not asked");
  }

  @Test
  void section4_3_2_ifModifiedSinceFromAFreshEntry() throws Exception {
    Instant now = now();
    String lastModified = httpDate(now.minusSeconds(3000));
    serve("/o/ims", "Cache-Control", "max-age=3600", "Date", httpDate(now), "Last-Modified", lastModified);
    get("/o/ims");

    HttpResponse<String> notModified = get("/o/ims", "If-Modified-Since", lastModified);
    HttpResponse<String> modified = get("/o/ims", "If-Modified-Since", httpDate(now.minusSeconds(4000)));

    assertEquals(304, notModified.statusCode(), "RFC 9111 §4.3.2: If-Modified-Since equal to the stored Last-Modified"
        + " is answered 304 from the fresh entry");
    assertEquals(200, modified.statusCode(), "RFC 9110 §13.1.3: an If-Modified-Since before Last-Modified is false:"
        + " the full stored response is sent");
    assertEquals("body #1", modified.body());
    assertEquals(1, origin.calls("/o/ims"), "both conditions are evaluated on the fresh entry; the origin is not asked");
  }

  @Test
  void section4_3_2_ifNoneMatchTakesPrecedenceOverIfModifiedSince() throws Exception {
    Instant now = now();
    serve("/o/precedence", "Cache-Control", "max-age=3600", "Date", httpDate(now), "ETag", "\"abcdef\"",
        "Last-Modified", httpDate(now.minusSeconds(5000)));
    get("/o/precedence");

    HttpResponse<String> matchingTagOldDate = get("/o/precedence", "If-None-Match", "\"abcdef\"",
        "If-Modified-Since", httpDate(now.minusSeconds(10_000)));
    HttpResponse<String> otherTagRecentDate = get("/o/precedence", "If-None-Match", "\"other\"",
        "If-Modified-Since", httpDate(now));

    assertEquals(304, matchingTagOldDate.statusCode(), "RFC 9110 §13.2.2 via RFC 9111 §4.3.2: If-None-Match decides"
        + " (it matches), an If-Modified-Since that would say 'modified' is ignored");
    assertEquals(200, otherTagRecentDate.statusCode(), "RFC 9110 §13.2.2: If-None-Match decides (no match), an"
        + " If-Modified-Since that would say 'not modified' is ignored");
    assertEquals("body #1", otherTagRecentDate.body());
    assertEquals(1, origin.calls("/o/precedence"));
  }

  @Test
  void section4_3_2_aConditionalMissForwardsTheClientsValidatorsAsSent() throws Exception {
    String path = "/o/conditional-miss";
    origin.respond(path, (request, call) -> "abcdef".equals(request.header("If-None-Match"))
        ? Reply.of(304, "", "ETag", "abcdef", "Cache-Control", "max-age=3600")
        : Reply.of(200, "body #" + call, "ETag", "\"other\"", "Cache-Control", "max-age=3600"));

    HttpResponse<String> unquoted = get(path, "If-None-Match", "abcdef");
    HttpResponse<String> unconditional = get(path);
    HttpResponse<String> hit = get(path);

    assertEquals("abcdef", origin.received(path, 1).header("If-None-Match"), "the client's If-None-Match reaches the"
        + " origin as the client wrote it, unquoted (cache-tests conditional-etag-forward, -forward-unquoted)");
    assertEquals(304, unquoted.statusCode(), "the origin's 304 is passed on");
    assertEquals("body #2", unconditional.body(), "the 304 was not stored: the next request fills the entry");
    assertEquals("body #2", hit.body());
    assertEquals("HIT", header(hit, "X-Cache"));
  }

  // -------------------------------------------------------- §4.3.1, §4.3.4 revalidation

  @Test
  void section4_3_1_staleEntryIsRevalidatedWithItsETag() throws Exception {
    String path = "/o/revalidate-etag";
    origin.respond(path, (request, call) -> "\"v1\"".equals(request.header("If-None-Match"))
        ? Reply.of(304, "", "ETag", "\"v1\"", "Cache-Control", "max-age=0")
        : Reply.of(200, "etag #" + call, "ETag", "\"v1\"", "Cache-Control", "max-age=0"));

    get(path);
    HttpResponse<String> revalidated = get(path);

    assertEquals(2, origin.calls(path), "RFC 9111 §4.2.4: a stale entry must be validated with the origin");
    assertEquals("\"v1\"", origin.received(path, 2).header("If-None-Match"), "RFC 9111 §4.3.1: the validation"
        + " request carries the stored ETag in If-None-Match");
    assertEquals(200, revalidated.statusCode(), "the client asked unconditionally: it gets the full response");
    assertEquals("etag #1", revalidated.body(), "RFC 9111 §4.3.4: after the origin's 304 the stored body is served");
    assertEquals("HIT", header(revalidated, "X-Cache"), "a 304-validated entry is served as a HIT");
    assertTrue(String.valueOf(header(revalidated, "Cache-Status")).contains("fwd="),
        "RFC 9211: the cache went forward to validate; Cache-Status: " + header(revalidated, "Cache-Status"));
  }

  @Test
  void section4_3_1_staleEntryIsRevalidatedWithItsLastModified() throws Exception {
    String path = "/o/revalidate-last-modified";
    String lastModified = httpDate(now().minus(Duration.ofDays(1)));
    origin.respond(path, (request, call) -> lastModified.equals(request.header("If-Modified-Since"))
        ? Reply.of(304, "", "Last-Modified", lastModified, "Cache-Control", "max-age=0")
        : Reply.of(200, "modified #" + call, "Last-Modified", lastModified, "Cache-Control", "max-age=0"));

    get(path);
    HttpResponse<String> revalidated = get(path);

    assertEquals(lastModified, origin.received(path, 2).header("If-Modified-Since"), "RFC 9111 §4.3.1: without an"
        + " ETag, the validation request carries the stored Last-Modified in If-Modified-Since");
    assertNull(origin.received(path, 2).header("If-None-Match"), "the origin sent no ETag; an If-None-Match the"
        + " cache made up would make the origin ignore If-Modified-Since (RFC 9110 §13.1.3)");
    assertEquals("modified #1", revalidated.body(), "RFC 9111 §4.3.4: after the origin's 304 the stored body is served");
    assertEquals("HIT", header(revalidated, "X-Cache"));
  }

  @Test
  void section4_3_1_validationRequestCarriesTheVaryingRequestHeaders() throws Exception {
    String path = "/o/revalidate-vary";
    origin.respond(path, (request, call) -> "\"va\"".equals(request.header("If-None-Match"))
        ? Reply.of(304, "", "ETag", "\"va\"", "Cache-Control", "max-age=0", "Vary", "Abc")
        : Reply.of(200, "vary #" + call, "ETag", "\"va\"", "Cache-Control", "max-age=0", "Vary", "Abc"));

    get(path, "Abc", "123");
    HttpResponse<String> revalidated = get(path, "Abc", "123");

    assertEquals("\"va\"", origin.received(path, 2).header("If-None-Match"), "RFC 9111 §4.3.1: validation with the"
        + " stored ETag");
    assertEquals("123", origin.received(path, 2).header("Abc"), "RFC 9111 §4.3.1: a validation request carries the"
        + " request's header fields the stored response varies on (Vary: Abc)");
    assertEquals("vary #1", revalidated.body());
  }

  @Test
  void section4_3_4_a304UpdatesTheStoredHeaders() throws Exception {
    String path = "/o/update-headers";
    origin.respond(path, (request, call) -> "\"u1\"".equals(request.header("If-None-Match"))
        ? Reply.of(304, "", "ETag", "\"u1\"", "Cache-Control", "max-age=3600", "X-Version", "B")
        : Reply.of(200, "update #" + call, "ETag", "\"u1\"", "Cache-Control", "max-age=0", "X-Version", "A"));

    HttpResponse<String> stored = get(path);
    HttpResponse<String> revalidated = get(path);
    HttpResponse<String> fresh = get(path);

    assertEquals("A", header(stored, "X-Version"));
    assertEquals("B", header(revalidated, "X-Version"), "RFC 9111 §4.3.4: the response served after a 304 carries"
        + " the header values from the 304");
    assertEquals("update #1", revalidated.body());
    assertEquals("B", header(fresh, "X-Version"), "RFC 9111 §4.3.4: the 304's fields replace the stored ones");
    assertEquals("max-age=3600", header(fresh, "Cache-Control"), "the stored Cache-Control is the 304's");
    assertEquals("update #1", fresh.body());
    assertEquals("HIT", header(fresh, "X-Cache"));
    assertEquals(2, origin.calls(path), "the 304's max-age=3600 made the entry fresh: the third request is a plain hit");
  }

  @Test
  void section4_3_4_aNew200ReplacesTheEntry() throws Exception {
    String path = "/o/replace";
    origin.respond(path, (request, call) -> call == 1
        ? Reply.of(200, "old #1", "ETag", "\"r1\"", "Cache-Control", "max-age=0")
        : Reply.of(200, "new #" + call, "ETag", "\"r2\"", "Cache-Control", "max-age=3600"));

    get(path);
    HttpResponse<String> replaced = get(path);
    HttpResponse<String> hit = get(path);

    assertEquals("\"r1\"", origin.received(path, 2).header("If-None-Match"), "RFC 9111 §4.3.1: validation with the"
        + " stored ETag");
    assertEquals("new #2", replaced.body(), "RFC 9111 §4.3.3: a full 200 to a validation request is served");
    assertEquals("MISS", header(replaced, "X-Cache"));
    assertEquals("new #2", hit.body(), "RFC 9111 §4.3.3: the new 200 replaces the stored response");
    assertEquals("\"r2\"", header(hit, "ETag"));
    assertEquals("HIT", header(hit, "X-Cache"));
    assertEquals(2, origin.calls(path));
  }

  @Test
  void section5_2_2_4_noCacheResponseIsRevalidatedEveryTime() throws Exception {
    String path = "/o/no-cache";
    Instant now = now();
    String[] headers = {"ETag", "\"nc\"", "Cache-Control", "max-age=3600, no-cache", "Date", httpDate(now),
        "Expires", httpDate(now.plusSeconds(3600))};
    origin.respond(path, (request, call) -> "\"nc\"".equals(request.header("If-None-Match"))
        ? Reply.of(304, "", headers)
        : Reply.of(200, "no-cache #" + call, headers));

    get(path);
    HttpResponse<String> second = get(path);
    HttpResponse<String> third = get(path);

    assertEquals(3, origin.calls(path), "RFC 9111 §5.2.2.4: no-cache: the stored response must not be used without"
        + " successful validation on the origin, even with max-age and Expires in the future");
    assertEquals("\"nc\"", origin.received(path, 2).header("If-None-Match"), "validation uses the stored ETag");
    assertEquals("\"nc\"", origin.received(path, 3).header("If-None-Match"), "and again on the next request");
    assertEquals("no-cache #1", second.body(), "after a 304 the stored body is served");
    assertEquals("no-cache #1", third.body(), "after a 304 the stored body is served");
  }

  @Test
  void section5_2_2_2_mustRevalidateStaleEntryIsNotServedWhenTheOriginFails() throws Exception {
    String path = "/o/must-revalidate";
    origin.respond(path, (request, call) -> call == 1
        ? Reply.of(200, "stored #1", "ETag", "\"m1\"", "Cache-Control", "max-age=0, must-revalidate")
        : Reply.of(503, "unavailable #" + call, "Content-Type", "text/plain"));

    get(path);
    HttpResponse<String> failed = get(path);

    assertEquals("\"m1\"", origin.received(path, 2).header("If-None-Match"), "RFC 9111 §5.2.2.2: the stale entry is"
        + " validated with the origin");
    assertEquals(503, failed.statusCode(), "RFC 9111 §5.2.2.2: must-revalidate forbids serving the stale response"
        + " without successful validation; the origin's error reaches the client");
    assertFalse(failed.body().contains("stored #1"), "the stale body must not be served: " + failed.body());
  }

  // --------------------------------------------------------------- §3 what may be stored

  @ParameterizedTest(name = "status {0}")
  @ValueSource(ints = {203, 204, 300, 301, 308, 404, 405, 410, 414, 501})
  void section3_cacheableByDefaultStatusWithExplicitFreshnessIsStored(int status) throws Exception {
    String path = "/o/status-" + status;
    serve(path, status, "Cache-Control", "max-age=3600", "Location", "/o/elsewhere");

    HttpResponse<String> first = get(path);
    HttpResponse<String> second = get(path);

    assertEquals(status, first.statusCode());
    assertEquals(status, second.statusCode(), "the stored status is replayed");
    assertEquals(first.body(), second.body());
    assertEquals(1, origin.calls(path), "RFC 9111 §3 with RFC 9110 §15.1: a " + status + " with max-age=3600 is"
        + " stored and reused (not only 200)");
    assertEquals("HIT", header(second, "X-Cache"));
  }

  @ParameterizedTest(name = "status {0}")
  @ValueSource(ints = {201, 302, 303, 307, 400, 403, 500, 503})
  void section3_statusWithoutExplicitFreshnessIsNotStoredEvenWithAFallbackTtl(int status) throws Exception {
    String path = "/fallback/status-" + status;
    serve(path, status, "Location", "/fallback/elsewhere");

    get(path);
    get(path);

    assertEquals(2, origin.calls(path), "RFC 9111 §3: a " + status + " is not heuristically cacheable (RFC 9110 §15.1);"
        + " without s-maxage, max-age, Expires or public it must not be stored, whatever the route's fallback ttl");
  }

  @Test
  void section3_partialContentPassesThrough() throws Exception {
    String path = "/o/range";
    origin.respond(path, (request, call) -> request.header("Range") != null
        ? Reply.of(206, "01234", "Content-Range", "bytes 0-4/10", "Cache-Control", "max-age=3600", "ETag", "\"p\"")
        : Reply.of(200, "0123456789", "Cache-Control", "max-age=3600", "ETag", "\"p\""));

    HttpResponse<String> partial = get(path, "Range", "bytes=0-4");
    HttpResponse<String> partialAgain = get(path, "Range", "bytes=0-4");
    HttpResponse<String> full = get(path);

    assertEquals("bytes=0-4", origin.received(path, 1).header("Range"), "issue: a Range request passes through"
        + " untouched; the origin must see its Range header (cache-tests partial-*: expected_request_headers)");
    assertEquals(206, partial.statusCode());
    assertEquals("01234", partial.body(), "the partial body passes through intact");
    assertEquals("bytes 0-4/10", header(partial, "Content-Range"));
    assertEquals(206, partialAgain.statusCode());
    assertEquals(200, full.statusCode(), "RFC 9111 §3.3: a stored 206 must never answer a request without Range");
    assertEquals("0123456789", full.body());
    assertEquals(3, origin.calls(path), "issue: 206 responses are not stored; each request reaches the origin");
  }

  @Test
  void section4_3_4_aFreshenedVariantStaysTheVariantItWas() throws Exception {
    String path = "/o/revalidated-variant";
    origin.respond(path, (request, call) -> request.header("If-None-Match") != null
        ? Reply.of(304, "", "ETag", "\"" + request.header("Accept-Language") + "\"", "Cache-Control", "max-age=3600")
        : Reply.of(200, request.header("Accept-Language") + " #" + call, "ETag",
            "\"" + request.header("Accept-Language") + "\"", "Cache-Control", "max-age=0", "Vary", "Accept-Language"));
    get(path, "Accept-Language", "en");

    HttpResponse<String> freshened = get(path, "Accept-Language", "en");
    HttpResponse<String> french = get(path, "Accept-Language", "fr");

    assertEquals("en #1", freshened.body(), "RFC 9111 §4.3.4: the 304 freshened the English variant");
    assertEquals("fr #3", french.body(), "RFC 9111 §4.1: the freshened entry still varies on Accept-Language");
  }

  @Test
  void section4_3_5_aHeadResponseWithMatchingValidatorsUpdatesTheStoredResponse() throws Exception {
    String path = "/o/head-update";
    origin.respond(path, (request, call) -> request.method().equals("HEAD")
        ? Reply.of(200, "", "ETag", "\"v1\"", "Cache-Control", "max-age=3600", "Template-A", "2", "Content-Length", "7")
        : Reply.of(200, "body #" + call, "ETag", "\"v1\"", "Cache-Control", "max-age=0", "Template-A", "1"));
    get(path);

    HttpResponse<String> head = cache().send("HEAD", path, null);
    HttpResponse<String> after = get(path);

    assertEquals("HEAD", origin.received(path, 2).method(), "the HEAD for the stale entry reached the origin as a HEAD");
    assertEquals("2", head.headers().firstValue("Template-A").orElse(null), "the client gets the origin's HEAD answer");
    assertEquals("body #1", after.body(), "RFC 9111 §4.3.5: the HEAD's max-age=3600 freshened the stored GET response");
    assertEquals("HIT", header(after, "X-Cache"));
    assertEquals("2", header(after, "Template-A"), "RFC 9111 §4.3.5/§3.2: the HEAD's fields replace the stored ones");
    assertEquals(2, origin.calls(path));
  }

  @Test
  void section4_3_5_aHeadResponseForAnotherRepresentationUpdatesNothing() throws Exception {
    String path = "/o/head-other";
    origin.respond(path, (request, call) -> request.method().equals("HEAD")
        ? Reply.of(200, "", "ETag", "\"v2\"", "Cache-Control", "max-age=3600", "Content-Length", "7")
        : Reply.of(200, "body #" + call, "ETag", "\"v1\"", "Cache-Control", "max-age=0"));
    get(path);

    cache().send("HEAD", path, null);
    HttpResponse<String> after = get(path);

    assertEquals("body #3", after.body(), "RFC 9111 §4.3.5: the HEAD's ETag names another representation: the stored"
        + " response stays stale and the next GET reaches the origin");
  }

  @Test
  void rfc9110_section14_rangesAreAnsweredFromAStoredCompleteResponse() throws Exception {
    String path = "/o/ranges";
    origin.respond(path, (request, call) -> Reply.of(200, "0123456789A", "Cache-Control", "max-age=3600"));
    get(path);

    HttpResponse<String> first = get(path, "Range", "bytes=0-1");
    HttpResponse<String> suffix = get(path, "Range", "bytes=-1");
    HttpResponse<String> open = get(path, "Range", "bytes=1-");
    HttpResponse<String> beyond = get(path, "Range", "bytes=11-");
    HttpResponse<String> several = get(path, "Range", "bytes=0-1,3-4");

    assertPart(first, "01", "bytes 0-1/11");
    assertPart(suffix, "A", "bytes 10-10/11");
    assertPart(open, "123456789A", "bytes 1-10/11");
    assertEquals(416, beyond.statusCode(), "RFC 9110 §15.5.17: no byte of the 11 is at 11 or later");
    assertEquals("bytes */11", header(beyond, "Content-Range"));
    assertEquals("", beyond.body());
    assertEquals(200, several.statusCode(), "issue: several ranges are answered with the whole response (§14.2 allows it)");
    assertEquals("0123456789A", several.body());
    assertEquals(1, origin.calls(path), "every range came from the stored 200");
  }

  @Test
  void rfc9110_section13_1_5_ifRangeServesThePartOnlyForTheSameRepresentation() throws Exception {
    Instant now = now();
    String lastModified = httpDate(now.minusSeconds(3600));
    String path = "/o/if-range";
    origin.respond(path, (request, call) -> Reply.of(200, "0123456789A", "Cache-Control", "max-age=3600",
        "ETag", "\"v1\"", "Last-Modified", lastModified, "Date", httpDate(now)));
    get(path);

    HttpResponse<String> sameTag = get(path, "Range", "bytes=0-1", "If-Range", "\"v1\"");
    HttpResponse<String> otherTag = get(path, "Range", "bytes=0-1", "If-Range", "\"v0\"");
    HttpResponse<String> weakTag = get(path, "Range", "bytes=0-1", "If-Range", "W/\"v1\"");
    HttpResponse<String> sameDate = get(path, "Range", "bytes=0-1", "If-Range", lastModified);
    HttpResponse<String> otherDate = get(path, "Range", "bytes=0-1", "If-Range", httpDate(now.minusSeconds(7200)));

    assertPart(sameTag, "01", "bytes 0-1/11");
    assertPart(sameDate, "01", "bytes 0-1/11");
    for (HttpResponse<String> whole : List.of(otherTag, weakTag, otherDate)) {
      assertEquals(200, whole.statusCode(), "RFC 9110 §13.1.5: a failed If-Range gets the whole representation");
      assertEquals("0123456789A", whole.body());
    }
    assertEquals(1, origin.calls(path));
  }

  private static void assertPart(HttpResponse<String> response, String body, String contentRange) {
    assertEquals(206, response.statusCode(), "RFC 9110 §15.3.7: a satisfiable single range of a fresh stored 200");
    assertEquals(body, response.body());
    assertEquals(contentRange, header(response, "Content-Range"));
    assertEquals(Integer.toString(body.length()), header(response, "Content-Length"));
    assertEquals("HIT", header(response, "X-Cache"));
  }

  @Test
  void section3_5_authorizationIsReusedWithPublic() throws Exception {
    assertAuthorizedResponseIsReused("/o/auth-public", "max-age=3600, public");
  }

  @Test
  void section3_5_authorizationIsReusedWithSMaxage() throws Exception {
    assertAuthorizedResponseIsReused("/o/auth-s-maxage", "s-maxage=3600");
  }

  @Test
  void section3_5_authorizationIsReusedWithMustRevalidate() throws Exception {
    assertAuthorizedResponseIsReused("/o/auth-must-revalidate", "max-age=3600, must-revalidate");
  }

  @Test
  void section3_5_authorizationWithoutPublicSMaxageOrMustRevalidateIsNotReused() throws Exception {
    Instant now = now();
    String path = "/o/auth-plain";
    serve(path, "Cache-Control", "max-age=3600", "Date", httpDate(now), "Expires", httpDate(now.plus(Duration.ofDays(30))));

    get(path, "Authorization", "Bearer alice");
    HttpResponse<String> sameUser = get(path, "Authorization", "Bearer alice");
    HttpResponse<String> anonymous = get(path);

    assertEquals("Bearer alice", origin.received(path, 1).header("Authorization"), "the credentials reach the origin");
    assertEquals("body #2", sameUser.body(), "RFC 9111 §3.5: a shared cache must not reuse a response to a request"
        + " with Authorization unless it has public, s-maxage or must-revalidate");
    assertEquals("body #3", anonymous.body(), "RFC 9111 §3.5: nor serve it to a request without credentials");
  }

  @Test
  void section5_2_2_7_privateIsNotStored() throws Exception {
    serve("/o/private", "Cache-Control", "private, max-age=3600");

    assertNotReused("/o/private", "RFC 9111 §5.2.2.7: a shared cache must not store a response with private");
  }

  @Test
  void section5_2_2_5_noStoreIsNotStored() throws Exception {
    Instant now = now();
    serve("/o/no-store", "Cache-Control", "max-age=10000, no-store", "Date", httpDate(now),
        "Expires", httpDate(now.plusSeconds(10_000)));
    serve("/o/no-store-case", "Cache-Control", "No-StOrE, max-age=10000");

    assertNotReused("/o/no-store", "RFC 9111 §5.2.2.5: a cache must not store a response with no-store, even with"
        + " max-age and Expires");
    assertNotReused("/o/no-store-case", "RFC 9111 §5.2: directive names are case-insensitive: No-StOrE is no-store");
  }

  // ----------------------------------------------------------------------- §4.1 Vary

  @ParameterizedTest(name = "Vary: {0}")
  @ValueSource(strings = {"*", "*, *", ", *", "Foo, *", "*, Foo", "*|*", "Foo|*"})
  void section4_1_varyStarIsNeverReused(String vary) throws Exception {
    String path = "/o/vary-star-" + Integer.toHexString(vary.hashCode());
    String[] varyLines = vary.split("\\|");
    String[] headers = new String[2 + 2 * varyLines.length];
    headers[0] = "Cache-Control";
    headers[1] = "max-age=3600";
    for (int i = 0; i < varyLines.length; i++) {
      headers[2 + 2 * i] = "Vary";
      headers[3 + 2 * i] = varyLines[i];
    }
    serve(path, headers);

    assertNotReused(path, "RFC 9111 §4.1: a Vary containing * (here " + String.join(" / ", varyLines) + ") always"
        + " fails to match", "Foo", "1");
  }

  @Test
  void section4_1_varyIsCaseInsensitiveAndToleratesOddSpacing() throws Exception {
    String path = "/o/vary-spelling";
    serve(path, "Cache-Control", "max-age=3600", "Vary", "accept-LANGUAGE ,  X-Foo");

    HttpResponse<String> stored = get(path, "Accept-Language", "en", "X-Foo", "1");
    HttpResponse<String> same = get(path, "accept-language", "en", "x-foo", "1");
    HttpResponse<String> otherFoo = get(path, "Accept-Language", "en", "X-Foo", "2");
    HttpResponse<String> otherLanguage = get(path, "Accept-Language", "fr", "X-Foo", "1");

    assertEquals(stored.body(), same.body(), "RFC 9111 §4.1: the same selecting header values match");
    assertEquals("HIT", header(same, "X-Cache"));
    assertEquals("body #2", otherFoo.body(), "RFC 9111 §4.1: X-Foo is a selecting header despite the spaces around"
        + " the comma; a different X-Foo must not match");
    assertEquals("body #3", otherLanguage.body(), "RFC 9111 §4.1: field names in Vary are case-insensitive:"
        + " accept-LANGUAGE selects on Accept-Language");
  }

  @Test
  void section4_1_requestWithoutAVaryingHeaderDoesNotMatch() throws Exception {
    serve("/o/vary-omit", "Cache-Control", "max-age=3600", "Vary", "Foo");

    get("/o/vary-omit", "Foo", "1");
    HttpResponse<String> without = get("/o/vary-omit");

    assertEquals("body #2", without.body(), "RFC 9111 §4.1: the stored request had Foo: 1, this one has no Foo;"
        + " the selecting header does not match");
  }

  @Test
  void section4_1_acceptLanguageMatchesAsPreferencesNotAsText() throws Exception {
    String path = "/o/vary-language";
    serve(path, "Cache-Control", "max-age=3600", "Vary", "Accept-Language");

    HttpResponse<String> stored = get(path, "Accept-Language", "en, de;q=0.5");
    List<HttpResponse<String>> same = List.of(get(path, "Accept-Language", "de;q=0.50, en"),
        get(path, "Accept-Language", "EN ,  De;Q=0.5"), get(path, "Accept-Language", "en;q=1.0, de;q=0.5"));
    HttpResponse<String> otherWeights = get(path, "Accept-Language", "en;q=0.5, de");

    for (HttpResponse<String> response : same) {
      assertEquals(stored.body(), response.body(), "RFC 9110 §12.5.4: language ranges are case-insensitive and"
          + " ranked by weight, not position; q=1.0 is the default weight");
    }
    assertEquals(2, origin.calls(path), "only the request that prefers German over English reaches the origin again");
    assertEquals("body #2", otherWeights.body(), "other weights are other preferences: not matched");
  }

  // ---------------------------------------------------------------- §4.4 invalidation

  @Test
  void section4_4_postInvalidatesTheTargetUri() throws Exception {
    assertWriteInvalidatesTheTargetUri("POST", 200);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"PUT", "DELETE", "PATCH"})
  void section4_4_putDeleteAndPatchInvalidateTheTargetUri(String method) throws Exception {
    assertWriteInvalidatesTheTargetUri(method, 204);
  }

  @Test
  void section4_4_unknownMethodInvalidates() throws Exception {
    assertWriteInvalidatesTheTargetUri("FROBNICATE", 200);
  }

  @Test
  void section4_4_redirectIsANonErrorResponseAndInvalidates() throws Exception {
    assertWriteInvalidatesTheTargetUri("POST", 303);
  }

  @ParameterizedTest(name = "status {0}")
  @ValueSource(ints = {404, 409, 500})
  void section4_4_errorResponseInvalidatesNothing(int status) throws Exception {
    String path = "/o/write-failed-" + status;
    scriptReadAndWrite(path, status, new String[0]);
    get(path);
    assertEquals("HIT", header(get(path), "X-Cache"), "precondition: the GET response was stored");

    HttpResponse<String> write = cache().send("POST", path, "abc");
    HttpResponse<String> after = get(path);

    assertEquals(status, write.statusCode());
    assertEquals("entry #1", after.body(), "RFC 9111 §4.4: only a non-error response to an unsafe method invalidates;"
        + " after a " + status + " the entry stays");
    assertEquals("HIT", header(after, "X-Cache"));
  }

  @Test
  void section4_4_putInvalidatesLocationAndContentLocation() throws Exception {
    String location = "/o/inv-location";
    String contentLocation = "/o/inv-content-location";
    serve(location, "Cache-Control", "max-age=3600");
    serve(contentLocation, "Cache-Control", "max-age=3600");
    String absoluteContentLocation = cache().uri(contentLocation).toString();
    origin.respond("/o/inv-writer", (request, call) -> Reply.of(200, "written",
        "Location", "inv-location", "Content-Location", absoluteContentLocation));
    get(location);
    get(contentLocation);
    assertEquals("HIT", header(get(location), "X-Cache"), "precondition: the Location target was stored");
    assertEquals("HIT", header(get(contentLocation), "X-Cache"), "precondition: the Content-Location target was stored");

    assertEquals(200, cache().send("PUT", "/o/inv-writer", "abc").statusCode());

    assertEquals("body #2", get(location).body(), "RFC 9111 §4.4 (issue: required): a successful PUT invalidates its"
        + " same-origin Location, here the relative reference inv-location resolved against /o/inv-writer");
    assertEquals("body #2", get(contentLocation).body(), "RFC 9111 §4.4 (issue: required): a successful PUT"
        + " invalidates its same-origin Content-Location, here " + absoluteContentLocation);
  }

  @Test
  void section4_4_locationOnAnotherOriginIsNotInvalidated() throws Exception {
    String target = "/o/inv-foreign";
    serve(target, "Cache-Control", "max-age=3600");
    origin.respond("/o/inv-foreign-writer", (request, call) -> Reply.of(200, "written",
        "Location", "http://elsewhere.invalid/o/inv-foreign",
        "Content-Location", "http://elsewhere.invalid:8080/o/inv-foreign"));
    get(target);

    assertEquals(200, cache().send("PUT", "/o/inv-foreign-writer", "abc").statusCode());
    HttpResponse<String> after = get(target);

    assertEquals("body #1", after.body(), "RFC 9111 §4.4: a cache MUST NOT invalidate a Location or Content-Location"
        + " whose origin (elsewhere.invalid) differs from the target URI's");
    assertEquals("HIT", header(after, "X-Cache"));
  }

  // ----------------------------------------------------------- §4, §5.1 serving: Age, Date

  @Test
  void section5_1_ageOnAHitCountsTheUpstreamAge() throws Exception {
    serve("/o/age-upstream", "Cache-Control", "max-age=600", "Date", httpDate(now()), "Age", "30");
    get("/o/age-upstream");

    HttpResponse<String> hit = get("/o/age-upstream");

    assertEquals("HIT", header(hit, "X-Cache"));
    List<String> ages = hit.headers().allValues("Age");
    assertEquals(1, ages.size(), "RFC 9111 §4: the cache replaces the Age it received with its own: " + ages);
    long age = Long.parseLong(ages.get(0));
    assertTrue(age >= 30 && age < 600, "RFC 9111 §4.2.3/§5.1: the Age of a hit is current_age, which includes the"
        + " upstream Age of 30 s; was " + age);
  }

  @Test
  void section5_1_aHitCarriesItsAge() throws Exception {
    Instant now = now();
    serve("/o/age", "Date", httpDate(now), "Expires", httpDate(now.plus(Duration.ofDays(30))));
    get("/o/age");

    HttpResponse<String> hit = get("/o/age");

    assertEquals("HIT", header(hit, "X-Cache"));
    String age = header(hit, "Age");
    assertNotNull(age, "RFC 9111 §4: a response served from the cache without validation MUST carry Age");
    assertTrue(age.matches("[0-9]+") && Long.parseLong(age) < 10, "Age is whole seconds since Date: " + age);
  }

  @Test
  void section4_theOriginsDateIsServedNotRewritten() throws Exception {
    String date = httpDate(now().minusSeconds(100));
    serve("/o/date", "Cache-Control", "max-age=3600", "Date", date);
    get("/o/date");

    HttpResponse<String> hit = get("/o/date");

    assertEquals("HIT", header(hit, "X-Cache"));
    assertEquals(List.of(date), hit.headers().allValues("Date"), "RFC 9111 §4 with RFC 9110 §6.6.1: a hit carries the"
        + " origin's Date (the cache adds Age instead of rewriting it)");
  }

  @Test
  void section3_1_storedHeadersAreReplayedVerbatim() throws Exception {
    String lastModified = httpDate(now().minus(Duration.ofDays(2)));
    serve("/o/verbatim", "Cache-Control", "public,  max-age=3600", "X-Custom", "MiXeD  value",
        "Link", "</a>; rel=preload", "Link", "</b>; rel=preload", "ETag", "W/\"weak\"",
        "Last-Modified", lastModified, "Content-Type", "text/plain;charset=utf-8", "Content-Language", "en");
    HttpResponse<String> miss = get("/o/verbatim");

    HttpResponse<String> hit = get("/o/verbatim");

    assertEquals("HIT", header(hit, "X-Cache"));
    assertEquals(List.of("MiXeD  value"), hit.headers().allValues("X-Custom"),
        "RFC 9111 §3.1: a stored field is replayed as it came, spelling and spacing included");
    assertEquals(2, hit.headers().allValues("Link").size(), "RFC 9111 §3.1: repeated field lines are kept");
    // Compared with the miss: Jetty's ProxyServlet already normalises structured fields (Cache-Control, Link).
    for (String name : List.of("Link", "Cache-Control", "ETag", "Last-Modified", "Content-Type", "Content-Language")) {
      assertEquals(miss.headers().allValues(name), hit.headers().allValues(name),
          "RFC 9111 §3.1: " + name + " is replayed as the cache received it");
    }
  }

  // ------------------------------------------- RFC 9213 targeted fields: CDN-Cache-Control

  /**
   * The cache-tests suite's required CDN-Cache-Control cases: the targeted field decides, Cache-Control does not. A
   * max-age of the wrong type is a decimal here, not the suite's "10000": Jetty's ProxyServlet unquotes that one.
   */
  @ParameterizedTest(name = "[{index}] {0} -> reused {1}")
  @CsvSource(delimiter = '|', textBlock = """
      CDN-Cache-Control: max-age=3600 / Cache-Control: no-store            | true
      CDN-Cache-Control: max-age=3600 / Expires: {past}                    | true
      CDN-Cache-Control: max-age=3600 / Expires: 0                         | true
      CDN-Cache-Control: private / Cache-Control: max-age=10000            | false
      CDN-Cache-Control: no-cache / Cache-Control: max-age=10000           | false
      CDN-Cache-Control: no-store / Cache-Control: max-age=10000           | false
      CDN-Cache-Control: max-age=0 / Expires: {future}                     | false
      CDN-Cache-Control: max-age=1 / Age: 7200 / Cache-Control: max-age=10000 | false
      CDN-Cache-Control: max-age=10000, &&&&& / Cache-Control: no-store    | false
      CDN-Cache-Control: max-age=10000.5 / Cache-Control: max-age=10000    | false
      CDN-Cache-Control: max-age =100 / Cache-Control: max-age=0           | false
      """)
  void rfc9213_theTargetedFieldDecidesForThisCache(String lines, boolean reused) throws Exception {
    String path = "/o/cdn-" + Integer.toHexString(lines.hashCode());
    Instant now = now();
    List<String> headers = new java.util.ArrayList<>(List.of("Date", httpDate(now)));
    for (String line : lines.split(" / ")) {
      int colon = line.indexOf(':');
      headers.add(line.substring(0, colon).trim());
      headers.add(line.substring(colon + 1).trim().replace("{past}", httpDate(now.minusSeconds(10_000)))
          .replace("{future}", httpDate(now.plusSeconds(10_000))));
    }
    serve(path, headers.toArray(String[]::new));

    String rule = "RFC 9213 §2.2: a valid CDN-Cache-Control (a Structured Fields Dictionary) replaces Cache-Control"
        + " and Expires for this cache; one that does not parse is ignored: " + lines;
    if (reused) {
      assertReused(path, rule);
    } else {
      assertNotReused(path, rule);
    }
  }

  @Test
  void rfc9213_theTargetedFieldIsTheCachesAloneByDefault() throws Exception {
    serve("/o/cdn-hidden", "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=3600");

    HttpResponse<String> miss = get("/o/cdn-hidden");
    HttpResponse<String> hit = get("/o/cdn-hidden");

    assertEquals("HIT", header(hit, "X-Cache"));
    assertNull(header(miss, "CDN-Cache-Control"), "cache.forward-targeted-fields = false: not sent on a miss");
    assertNull(header(hit, "CDN-Cache-Control"), "nor replayed from the entry");
    assertEquals("no-store", header(hit, "Cache-Control"), "Cache-Control is for the caches after this one");
  }

  // ------------------------------------------------------------ the two modes coexist

  @Test
  void routeFreshnessKeepsTheRouteTtlOverTheOriginsMaxAge() throws Exception {
    serve("/legacy/item", "Cache-Control", "max-age=0");

    assertReused("/legacy/item", "route.legacy.freshness = route keeps today's behaviour: the route's ttl (60s)"
        + " decides, not the origin's max-age=0");
  }

  // ------------------------------------------------------------------------- helpers

  private void assertAuthorizedResponseIsReused(String path, String cacheControl) throws Exception {
    serve(path, "Cache-Control", cacheControl);

    HttpResponse<String> first = get(path, "Authorization", "Bearer alice");
    HttpResponse<String> second = get(path, "Authorization", "Bearer alice");

    assertEquals("Bearer alice", origin.received(path, 1).header("Authorization"), "the credentials reach the origin");
    assertEquals(first.body(), second.body(), "RFC 9111 §3.5: a response to a request with Authorization may be"
        + " reused by a shared cache when it has " + cacheControl);
    assertEquals(1, origin.calls(path), "RFC 9111 §3.5: " + cacheControl + " allows reuse despite Authorization");
    assertEquals("HIT", header(second, "X-Cache"));
  }

  /** A fresh GET entry is stored, the write succeeds with {@code status}, and the next GET must reach the origin. */
  private void assertWriteInvalidatesTheTargetUri(String method, int status) throws Exception {
    String path = "/o/write-" + method.toLowerCase(Locale.ROOT) + "-" + status;
    scriptReadAndWrite(path, status, "Location", "/o/somewhere-else");
    get(path);
    assertEquals("HIT", header(get(path), "X-Cache"), "precondition: the GET response was stored");

    HttpResponse<String> write = cache().send(method, path, method.equals("DELETE") ? null : "abc");
    HttpResponse<String> after = get(path);

    assertEquals(status, write.statusCode());
    assertEquals(method, origin.received(path, 2).method(), "the " + method + " reaches the origin");
    assertEquals("entry #3", after.body(), "RFC 9111 §4.4: a " + status + " (non-error) response to " + method
        + (method.equals("FROBNICATE") ? " (a method whose safety is unknown)" : "")
        + " must invalidate the target URI; the next GET goes to the origin");
  }

  /** GET answers a fresh numbered entry; any other method answers {@code writeStatus} with {@code writeHeaders}. */
  private static void scriptReadAndWrite(String path, int writeStatus, String... writeHeaders) {
    origin.respond(path, (request, call) -> request.method().equals("GET")
        ? Reply.of(200, "entry #" + call, "Cache-Control", "max-age=3600")
        : Reply.of(writeStatus, "", writeHeaders));
  }

  /** Scripts {@code path} to answer 200 with {@code headers} and the body "body #call". */
  private static void serve(String path, String... headers) {
    serve(path, 200, headers);
  }

  private static void serve(String path, int status, String... headers) {
    origin.respond(path, (request, call) -> Reply.of(status, status == 204 ? "" : "body #" + call, headers));
  }

  /** Two GETs: the second must be the first one's answer, from the cache, with no second origin call. */
  private void assertReused(String path, String rule, String... requestHeaders) throws Exception {
    HttpResponse<String> first = get(path, requestHeaders);
    HttpResponse<String> second = get(path, requestHeaders);

    assertEquals(1, origin.calls(path), rule + ": the second request must be answered from the cache");
    assertEquals(first.body(), second.body(), rule);
    assertEquals("HIT", header(second, "X-Cache"), rule);
    assertTrue(String.valueOf(header(second, "Cache-Status")).contains("hit"),
        rule + "; Cache-Status: " + header(second, "Cache-Status"));
  }

  /** Two GETs: the second must reach the origin and carry its new answer. */
  private void assertNotReused(String path, String rule, String... requestHeaders) throws Exception {
    get(path, requestHeaders);
    HttpResponse<String> second = get(path, requestHeaders);

    assertEquals(2, origin.calls(path), rule + ": the second request must reach the origin");
    assertEquals("body #2", second.body(), rule);
  }

  private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    return cache().get(path, headers);
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  /** An IMF-fixdate (RFC 9110 §5.6.7), the form origins send. */
  static String httpDate(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }
}
