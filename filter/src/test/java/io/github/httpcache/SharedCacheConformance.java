package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP rules of a shared cache, one test per rule, against an origin the test scripts. Run
 * twice by its subclasses: with the origin servlet directly behind the filter, and behind Jetty's
 * async ProxyServlet, as a reverse proxy in front of an arbitrary origin.
 */
abstract class SharedCacheConformance {
  static RedisFixture redis;
  static final ScriptedOrigin origin = new ScriptedOrigin();

  abstract TestServer cache();

  static Map<String, String> cacheConfig() {
    return TestServer.config(
        "redis.url", redis.url(),
        "cache.compression-min-size", "1KiB",
        "route.any.path", "/s/{name}",
        "route.any.ttl", "60s",
        "route.small.path", "/small/{name}",
        "route.small.ttl", "60s",
        "route.small.max-body-size", "1KiB",
        "route.paged.path", "/paged/{name}",
        "route.paged.ttl", "60s",
        "route.paged.query", "page",
        "route.strict.path", "/strict/{name}",
        "route.strict.ttl", "60s",
        "route.strict.query", "page",
        "route.strict.other-query", "bypass",
        "route.budget.path", "/budget/{name}",
        "route.budget.ttl", "60s",
        "route.budget.max-keys", "3",
        "route.mine.path", "/mine/{name}",
        "route.mine.ttl", "60s",
        "route.mine.per-user", "header:X-User");
  }

  @BeforeEach
  void resetOriginAndRedis() {
    origin.reset();
    redis.flushAll();
  }

  private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    return cache().get(path, headers);
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void okResponseIsStoredAndServedWithoutTheOrigin() throws Exception {
    origin.script("/s/plain", 200, "plain", "Content-Type", "text/plain");

    HttpResponse<String> miss = get("/s/plain");
    HttpResponse<String> hit = get("/s/plain");

    assertEquals("plain #1", miss.body());
    assertEquals("plain #1", hit.body());
    assertEquals("HIT", header(hit, "X-Cache"));
    assertEquals(1, origin.calls("/s/plain"));
  }

  @Test
  void cacheStatusSaysForwardedAndStoredThenHitWithTtl() throws Exception {
    origin.script("/s/status", 200, "x", "Content-Type", "text/plain");

    HttpResponse<String> miss = get("/s/status");
    HttpResponse<String> hit = get("/s/status");

    assertEquals("http-cache; fwd=uri-miss; stored", header(miss, "Cache-Status"));
    assertTrue(header(hit, "Cache-Status").matches("http-cache; hit; ttl=(59|60)"), header(hit, "Cache-Status"));
  }

  @Test
  void cacheStatusGivesTheReasonAResponseWasNotStored() throws Exception {
    origin.script("/s/created", 201, "x", "Content-Type", "text/plain");

    assertEquals("http-cache; fwd=uri-miss; detail=status", header(get("/s/created"), "Cache-Status"));
  }

  @Test
  void cacheStatusGivesTheReasonForABypass() throws Exception {
    origin.script("/s/bypass", 200, "x", "Content-Type", "text/plain");

    assertEquals("http-cache; fwd=bypass; detail=nocache", header(get("/s/bypass?nocache=1"), "Cache-Status"));
  }

  @Test
  void ageHeaderCountsSecondsSinceStorage() throws Exception {
    origin.script("/s/age", 200, "x", "Content-Type", "text/plain");
    get("/s/age");

    String age = header(get("/s/age"), "Age");

    assertTrue(age.equals("0") || age.equals("1"), age);
  }

  @Test
  void responseWithSetCookieIsNotStored() throws Exception {
    origin.script("/s/cookie", 200, "x", "Set-Cookie", "id=1", "Content-Type", "text/plain");
    get("/s/cookie");

    assertEquals("x #2", get("/s/cookie").body());
  }

  @Test
  void noStoreResponseIsNotStored() throws Exception {
    origin.script("/s/no-store", 200, "x", "Cache-Control", "max-age=60, no-store");
    get("/s/no-store");
    get("/s/no-store");

    assertEquals(2, origin.calls("/s/no-store"));
  }

  @Test
  void privateResponseIsNotStoredOnASharedRoute() throws Exception {
    origin.script("/s/private", 200, "x", "Cache-Control", "private");
    get("/s/private");
    get("/s/private");

    assertEquals(2, origin.calls("/s/private"));
  }

  @Test
  void unknownRequestDirectivesDoNotTurnCachingOff() throws Exception {
    origin.script("/s/directives", 200, "x", "Content-Type", "text/plain");
    get("/s/directives");

    HttpResponse<String> hit = get("/s/directives", "Cache-Control", "foo", "Pragma", "foo");

    assertEquals("HIT", header(hit, "X-Cache"));
  }

  @Test
  void endToEndHeadersAreReplayedVerbatim() throws Exception {
    origin.script("/s/verbatim", 200, "x", "X-Custom-Case", "MiXeD  value", "Link", "</a>; rel=preload",
        "Link", "</b>; rel=preload");
    HttpResponse<String> miss = get("/s/verbatim");

    HttpResponse<String> hit = get("/s/verbatim");

    assertEquals("MiXeD  value", header(hit, "X-Custom-Case"));
    assertEquals(2, hit.headers().allValues("Link").size());
    assertEquals(miss.headers().allValues("Link"), hit.headers().allValues("Link"));
  }

  @Test
  void etagIsComputedWhenTheOriginSendsNone() throws Exception {
    origin.script("/s/etag", 200, "x", "Content-Type", "text/plain");

    String onMiss = header(get("/s/etag"), "ETag");
    String onHit = header(get("/s/etag"), "ETag");

    assertTrue(onMiss.matches("\"[A-Za-z0-9_-]{24}\""), onMiss);
    assertEquals(onMiss, onHit);
  }

  @Test
  void originEtagIsKept() throws Exception {
    origin.script("/s/origin-etag", 200, "x", "ETag", "\"v7\"", "Content-Type", "text/plain");
    get("/s/origin-etag");

    assertEquals("\"v7\"", header(get("/s/origin-etag"), "ETag"));
  }

  @Test
  void ifNoneMatchOnAHitAnswers304WithoutTheOrigin() throws Exception {
    origin.script("/s/conditional", 200, "x", "Content-Type", "text/plain", "Cache-Control", "max-age=60");
    String etag = header(get("/s/conditional"), "ETag");

    HttpResponse<String> notModified = get("/s/conditional", "If-None-Match", etag);

    assertEquals(304, notModified.statusCode());
    assertEquals("", notModified.body());
    assertEquals(etag, header(notModified, "ETag"));
    assertEquals("max-age=60", header(notModified, "Cache-Control"));
    assertEquals("HIT", header(notModified, "X-Cache"));
    assertEquals(1, origin.calls("/s/conditional"));
  }

  @Test
  void ifNoneMatchUsesWeakComparison() throws Exception {
    origin.script("/s/weak", 200, "x", "ETag", "\"w1\"");
    get("/s/weak");

    assertEquals(304, get("/s/weak", "If-None-Match", "\"other\", W/\"w1\"").statusCode());
    assertEquals(200, get("/s/weak", "If-None-Match", "\"other\"").statusCode());
  }

  @Test
  void ifNoneMatchOnAMissIsAnsweredByTheCacheAfterAFullFill() throws Exception {
    origin.script("/s/cold", 200, "cold", "ETag", "\"c1\"");

    HttpResponse<String> notModified = get("/s/cold", "If-None-Match", "\"c1\"");
    HttpResponse<String> full = get("/s/cold");

    assertEquals(304, notModified.statusCode());
    assertEquals(null, origin.lastRequestHeaders.get("if-none-match"), "the origin must not see the validator");
    assertEquals("cold #1", full.body());
    assertEquals("HIT", header(full, "X-Cache"));
  }

  @Test
  void compressibleBodyIsServedGzippedToClientsThatAcceptIt() throws Exception {
    String text = "compressible text ".repeat(200);
    origin.scriptBytes("/s/text", 200, text.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain;charset=utf-8");
    cache().get("/s/text");

    HttpResponse<byte[]> gzip = cache().sendForBytes("GET", "/s/text", "Accept-Encoding", "gzip");

    assertEquals("gzip", header(gzip, "Content-Encoding"));
    assertTrue(header(gzip, "Vary").toLowerCase().contains("accept-encoding"));
    assertTrue(gzip.body().length < text.length() / 4, "gzip body is " + gzip.body().length + " bytes");
    assertEquals(text, new String(new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes(),
        StandardCharsets.UTF_8));
  }

  @Test
  void compressedEntryIsServedAsIdentityToClientsThatDoNotAcceptGzip() throws Exception {
    String text = "identity text ".repeat(200);
    origin.scriptBytes("/s/identity", 200, text.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
    cache().get("/s/identity");

    HttpResponse<byte[]> identity = cache().sendForBytes("GET", "/s/identity", "Accept-Encoding", "gzip;q=0");

    assertEquals("HIT", header(identity, "X-Cache"));
    assertEquals(null, header(identity, "Content-Encoding"));
    assertEquals(Integer.toString(text.length()), header(identity, "Content-Length"));
    assertEquals(text, new String(identity.body(), StandardCharsets.UTF_8));
    assertTrue(header(identity, "Vary").toLowerCase().contains("accept-encoding"));
  }

  @Test
  void gzipAndIdentityRepresentationsHaveDifferentEtags() throws Exception {
    origin.scriptBytes("/s/two-tags", 200, "tags ".repeat(400).getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
    cache().get("/s/two-tags");

    String identity = header(cache().sendForBytes("GET", "/s/two-tags"), "ETag");
    String gzip = header(cache().sendForBytes("GET", "/s/two-tags", "Accept-Encoding", "gzip"), "ETag");

    assertFalse(identity.equals(gzip), identity + " vs " + gzip);
  }

  @Test
  void bodyTheOriginCompressedIsStoredAsItCame() throws Exception {
    byte[] compressed = {31, -117, 8, 0, 0, 0, 0, 0, 0, 3, 75, 76, 74, 6, 0, -62, 65, 36, 53, 3, 0, 0, 0};
    origin.scriptBytes("/s/pre-compressed", 200, compressed, "Content-Type", "text/plain", "Content-Encoding", "gzip",
        "Vary", "Accept-Encoding");
    cache().sendForBytes("GET", "/s/pre-compressed", "Accept-Encoding", "gzip");

    HttpResponse<byte[]> hit = cache().sendForBytes("GET", "/s/pre-compressed", "Accept-Encoding", "gzip");

    assertEquals("HIT", header(hit, "X-Cache"));
    assertEquals("gzip", header(hit, "Content-Encoding"));
    assertArrayEquals(compressed, hit.body());
  }

  @Test
  void varyHeaderValuesSelectSeparateEntries() throws Exception {
    origin.script("/s/lang", 200, "lang", "Vary", "Accept-Language", "Content-Type", "text/plain");

    HttpResponse<String> english = get("/s/lang", "Accept-Language", "en");
    HttpResponse<String> french = get("/s/lang", "Accept-Language", "fr");
    HttpResponse<String> englishAgain = get("/s/lang", "Accept-Language", "en");
    HttpResponse<String> frenchAgain = get("/s/lang", "Accept-Language", "fr");

    assertEquals("lang #1", english.body());
    assertEquals("lang #2", french.body());
    assertEquals("http-cache; fwd=vary-miss; stored", header(french, "Cache-Status"));
    assertEquals("lang #1", englishAgain.body());
    assertEquals("lang #2", frenchAgain.body());
  }

  @Test
  void varyStarIsNeverStored() throws Exception {
    origin.script("/s/star", 200, "x", "Vary", "*");
    get("/s/star");
    get("/s/star");

    assertEquals(2, origin.calls("/s/star"));
  }

  @Test
  void headIsAnsweredFromTheGetEntry() throws Exception {
    origin.script("/s/head", 200, "head", "Content-Type", "text/plain");
    get("/s/head");

    HttpResponse<String> head = cache().send("HEAD", "/s/head", null);

    assertEquals("HIT", header(head, "X-Cache"));
    assertEquals("7", header(head, "Content-Length"));
    assertEquals(1, origin.calls("/s/head"));
  }

  @Test
  void bodyOverTheRouteLimitIsServedWholeAndNotStored() throws Exception {
    origin.scriptBytes("/small/big", 200, new byte[2048], "Content-Type", "application/octet-stream");

    HttpResponse<byte[]> first = cache().sendForBytes("GET", "/small/big");
    cache().sendForBytes("GET", "/small/big");

    assertEquals(2048, first.body().length);
    assertEquals(2, origin.calls("/small/big"));
    assertEquals("http-cache; fwd=uri-miss; detail=too-large", header(first, "Cache-Status"));
  }

  @Test
  void parametersOutsideTheAllowListAreIgnoredInTheKey() throws Exception {
    origin.script("/paged/list", 200, "page", "Content-Type", "text/plain");
    get("/paged/list?page=2&utm_source=a");

    HttpResponse<String> hit = get("/paged/list?utm_source=b&page=2");

    assertEquals("HIT", header(hit, "X-Cache"));
    assertEquals("1", redis.command("EXISTS", "http-cache:GET:/paged/list?page=2"));
  }

  @Test
  void parametersOutsideTheAllowListBypassWhenConfigured() throws Exception {
    origin.script("/strict/list", 200, "strict", "Content-Type", "text/plain");

    HttpResponse<String> bypass = get("/strict/list?page=1&debug=1");

    assertEquals("BYPASS", header(bypass, "X-Cache"));
    assertEquals("http-cache; fwd=bypass; detail=query", header(bypass, "Cache-Status"));
  }

  @Test
  void newKeysPastTheRouteBudgetAreServedButNotStored() throws Exception {
    origin.script("/budget/list", 200, "budget", "Content-Type", "text/plain");
    for (int page = 1; page <= 6; page++) {
      get("/budget/list?page=" + page);
    }

    HttpResponse<String> early = get("/budget/list?page=1");
    HttpResponse<String> late = get("/budget/list?page=6");

    assertEquals("HIT", header(early, "X-Cache"));
    assertEquals("MISS", header(late, "X-Cache"));
    assertEquals("http-cache; fwd=uri-miss; detail=key-budget", header(late, "Cache-Status"));
  }

  @Test
  void perUserRouteKeepsEachUsersEntryApartAndAllowsCredentials() throws Exception {
    origin.script("/mine/profile", 200, "profile", "Content-Type", "text/plain", "Cache-Control", "private");

    HttpResponse<String> alice = get("/mine/profile", "Authorization", "Bearer a", "X-User", "alice");
    HttpResponse<String> bob = get("/mine/profile", "Authorization", "Bearer b", "X-User", "bob");
    HttpResponse<String> aliceAgain = get("/mine/profile", "Authorization", "Bearer a", "X-User", "alice");

    assertEquals("profile #1", alice.body());
    assertEquals("profile #2", bob.body());
    assertEquals("profile #1", aliceAgain.body());
    assertEquals("HIT", header(aliceAgain, "X-Cache"));
    assertEquals("1", redis.command("EXISTS", "http-cache:GET:/mine/profile#user=alice"));
  }

  @Test
  void perUserRouteWithoutAUserBypasses() throws Exception {
    origin.script("/mine/anonymous", 200, "x", "Content-Type", "text/plain");

    HttpResponse<String> response = get("/mine/anonymous", "Authorization", "Bearer a");

    assertEquals("http-cache; fwd=bypass; detail=no-user", header(response, "Cache-Status"));
  }

  @Test
  void logicalKeyOverTwoHundredFiftySixCharactersIsStoredUnderItsDigest() throws Exception {
    String longQuery = "?q=" + "x".repeat(300);
    origin.script("/s/long", 200, "long", "Content-Type", "text/plain");
    get("/s/long" + longQuery);

    assertEquals("HIT", header(get("/s/long" + longQuery), "X-Cache"));
    assertEquals("0", redis.command("EXISTS", "http-cache:GET:/s/long" + longQuery));
    assertEquals(1, redis.entryCount("http-cache:"));
  }

  @Test
  void longLogicalKeyIsStillInvalidatedByItsLogicalKey() throws Exception {
    String path = "/s/long-delete?q=" + "y".repeat(300);
    origin.script("/s/long-delete", 200, "long", "Content-Type", "text/plain");
    get(path);

    HttpResponse<String> deleted = cache().send("DELETE", "/api/invalidate/GET:" + path, null);

    assertEquals(200, deleted.statusCode());
    assertEquals("MISS", header(get(path), "X-Cache"));
  }

  @Test
  void invalidatingAVariedKeyMakesEveryVariantUnreachable() throws Exception {
    origin.script("/s/varied", 200, "varied", "Vary", "Accept-Language", "Content-Type", "text/plain");
    get("/s/varied", "Accept-Language", "en");
    get("/s/varied", "Accept-Language", "fr");

    assertEquals(200, cache().send("DELETE", "/api/invalidate/GET:/s/varied", null).statusCode());

    assertEquals("varied #3", get("/s/varied", "Accept-Language", "en").body());
    assertEquals("varied #4", get("/s/varied", "Accept-Language", "fr").body());
  }

  @Test
  void asyncOriginIsCapturedAndStoredOnCompletion() throws Exception {
    origin.scriptAsync("/s/async", 200, "async", "Content-Type", "text/plain");

    HttpResponse<String> miss = get("/s/async");
    HttpResponse<String> hit = get("/s/async");

    assertEquals("async #1", miss.body());
    assertEquals("MISS", header(miss, "X-Cache"));
    assertEquals("async #1", hit.body());
    assertEquals("HIT", header(hit, "X-Cache"));
  }
}
