package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisFixture;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter configured the careless way ({@code route.all.path = /**}) in front of an app that
 * personalises by cookie, builds absolute links from the request, streams events and reads GET
 * bodies: every test is an attacker's (or another user's) request followed by a victim's,
 * asserting what the victim received.
 */
class CarelessAppTest {
  private static RedisFixture redis;
  private static TestServer careless;
  private static TestServer declared;
  private static final AtomicInteger originCalls = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    careless = TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "cache.namespace", "careless:",
            "route.all.path", "/**",
            "route.all.ttl", "60s",
            "invalidate.links.method", "PUT",
            "invalidate.links.path", "/links",
            "invalidate.links.keys", "GET:/links"),
        servlets(), true, true);
    declared = TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "cache.namespace", "declared:",
            "cache.hosts", "127.0.0.1, www.example.com",
            "route.session.path", "/welcome",
            "route.session.ttl", "60s",
            "route.session.cookies", "ignore",
            "route.session.strip-set-cookie", "JSESSIONID",
            "route.greet.path", "/greet",
            "route.greet.ttl", "60s",
            "route.greet.cookies", "key:lang",
            "route.search.path", "/search",
            "route.search.ttl", "60s",
            "route.search.query", "q",
            "route.links.path", "/links",
            "route.links.ttl", "60s",
            "invalidate.greet.method", "PUT",
            "invalidate.greet.path", "/greet",
            "invalidate.greet.keys", "GET:/greet"),
        servlets(), true, true);
  }

  private static Map<String, HttpServlet> servlets() {
    return Map.of("/me", new PersonalServlet(), "/welcome", new SessionServlet(), "/greet", new GreetingServlet(),
        "/links", new LinksServlet(), "/events", new EventStreamServlet(), "/no-cache", new NoCacheServlet(),
        "/echo-body", new BodyEchoServlet(), "/search", new SearchServlet(), "/compressed", new CompressingServlet(),
        "/self-link", new SelfLinkServlet());
  }

  @AfterAll
  static void stop() throws Exception {
    careless.close();
    declared.close();
    redis.close();
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
    originCalls.set(0);
  }

  private static String xCache(HttpResponse<?> response) {
    return response.headers().firstValue("X-Cache").orElse("(none)");
  }

  private static String cacheStatus(HttpResponse<?> response) {
    return response.headers().firstValue("Cache-Status").orElse("(none)");
  }

  @Test
  void aLoggedInUsersPageIsNeitherStoredNorServedToAnotherUser() throws Exception {
    HttpResponse<String> alice = careless.get("/me", "Cookie", "user=alice");
    HttpResponse<String> bob = careless.get("/me", "Cookie", "user=bob");
    HttpResponse<String> anonymous = careless.get("/me");

    assertEquals("hello alice", alice.body());
    assertEquals("BYPASS", xCache(alice));
    assertTrue(cacheStatus(alice).contains("detail=cookie"), cacheStatus(alice));
    assertEquals("hello bob", bob.body());
    assertEquals("hello anonymous", anonymous.body());
    assertEquals("MISS", xCache(anonymous));
    assertEquals("hello alice", careless.get("/me", "Cookie", "user=alice").body());
  }

  @Test
  void concurrentLoggedInUsersNeverCoalesceIntoOnePage() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String user = "user" + i;
        answers.add(pool.submit(() -> careless.get("/me?slow=true", "Cookie", "user=" + user)));
      }
      for (int i = 0; i < 12; i++) {
        assertEquals("hello user" + i, answers.get(i).get(30, TimeUnit.SECONDS).body());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, redis.entryCount("careless:"));
  }

  @Test
  void aSessionSetCookieIsStrippedFromTheStoredCopyButReachesTheFirstVisitor() throws Exception {
    HttpResponse<String> first = declared.get("/welcome");
    HttpResponse<String> second = declared.get("/welcome");

    assertEquals("MISS", xCache(first));
    assertTrue(first.headers().firstValue("Set-Cookie").orElse("").startsWith("JSESSIONID="), first.headers().map().toString());
    assertEquals("HIT", xCache(second));
    assertTrue(second.headers().allValues("Set-Cookie").isEmpty(), second.headers().map().toString());
    assertEquals(first.body(), second.body());
  }

  @Test
  void withoutStrippingASessionSetCookieIsNeverStored() throws Exception {
    HttpResponse<String> first = careless.get("/welcome");
    HttpResponse<String> second = careless.get("/welcome");

    assertTrue(cacheStatus(first).contains("detail=set-cookie"), cacheStatus(first));
    assertEquals("MISS", xCache(second));
    assertNotSameSession(first, second);
  }

  private static void assertNotSameSession(HttpResponse<String> first, HttpResponse<String> second) {
    assertFalse(first.headers().firstValue("Set-Cookie").orElseThrow()
        .equals(second.headers().firstValue("Set-Cookie").orElseThrow()));
  }

  @Test
  void keyedCookiesSelectTheirOwnEntryAndOneInvalidationDropsThemAll() throws Exception {
    assertEquals("bonjour", declared.get("/greet", "Cookie", "lang=fr; other=1").body());
    assertEquals("hello", declared.get("/greet", "Cookie", "lang=en").body());
    HttpResponse<String> french = declared.get("/greet", "Cookie", "other=2; lang=fr");
    HttpResponse<String> english = declared.get("/greet", "Cookie", "lang=en");

    assertEquals(List.of("bonjour", "HIT", "hello", "HIT"), List.of(french.body(), xCache(french), english.body(), xCache(english)));
    assertEquals(200, declared.send("PUT", "/greet", "").statusCode());
    assertEquals("MISS", xCache(declared.get("/greet", "Cookie", "lang=fr")));
    assertEquals("MISS", xCache(declared.get("/greet", "Cookie", "lang=en")));
  }

  @Test
  void aForeignHostHeaderCannotPoisonAbsoluteLinks() throws Exception {
    RawExchange.Response attack = RawExchange.send(careless.port(), "GET", "/links", null, "Host: evil.example");
    HttpResponse<String> victim = careless.get("/links");
    HttpResponse<String> again = careless.get("/links");

    assertEquals("<a href=\"http://evil.example/next\">", attack.body());
    assertEquals("<a href=\"http://127.0.0.1:" + careless.port() + "/next\">", victim.body());
    assertEquals(victim.body(), again.body());
    assertEquals("HIT", xCache(again));
  }

  @Test
  void aForwardedHostHeaderCannotPoisonAbsoluteLinks() throws Exception {
    HttpResponse<String> attack = careless.get("/links", "X-Forwarded-Host", "evil.example");
    HttpResponse<String> victim = careless.get("/links");
    HttpResponse<String> again = careless.get("/links");

    assertTrue(attack.body().contains("evil.example"), attack.body());
    assertFalse(victim.body().contains("evil"), victim.body());
    assertEquals("HIT", xCache(again));
    assertFalse(again.body().contains("evil"), again.body());
  }

  @Test
  void anEntryFilledForTheVictimIsNotServedToTheAttackersHostEither() throws Exception {
    String victimLinks = careless.get("/links").body();
    RawExchange.Response attack = RawExchange.send(careless.port(), "GET", "/links", null, "Host: evil.example");

    assertEquals("MISS", attack.header("X-Cache"));
    assertEquals("<a href=\"http://evil.example/next\">", attack.body());
    // The first request of a second host splits the entry into per-origin variants; each refills once.
    assertEquals(victimLinks, careless.get("/links").body());
    HttpResponse<String> again = careless.get("/links");
    assertEquals(List.of(victimLinks, "HIT"), List.of(again.body(), xCache(again)));
    assertEquals("HIT", RawExchange.send(careless.port(), "GET", "/links", null, "Host: evil.example").header("X-Cache"));
  }

  @Test
  void anInvalidationByLogicalKeyCoversEveryHost() throws Exception {
    careless.get("/links");
    RawExchange.send(careless.port(), "GET", "/links", null, "Host: other.example");
    careless.get("/links");
    assertEquals("HIT", RawExchange.send(careless.port(), "GET", "/links", null, "Host: other.example").header("X-Cache"));
    assertEquals("HIT", xCache(careless.get("/links")));

    assertEquals(200, careless.send("PUT", "/links", "").statusCode());

    assertEquals("MISS", RawExchange.send(careless.port(), "GET", "/links", null, "Host: other.example").header("X-Cache"));
    assertEquals("MISS", xCache(careless.get("/links")));
  }

  @Test
  void aHostTheOperatorDidNotNameBypasses() throws Exception {
    RawExchange.Response attack = RawExchange.send(declared.port(), "GET", "/links", null, "Host: evil.example");
    RawExchange.Response named = RawExchange.send(declared.port(), "GET", "/links", null, "Host: www.example.com");

    assertEquals("BYPASS", attack.header("X-Cache"));
    assertTrue(attack.header("Cache-Status").contains("detail=host"), attack.header("Cache-Status"));
    assertEquals("MISS", named.header("X-Cache"));
    assertEquals("BYPASS", xCache(declared.get("/links", "X-Forwarded-Host", "evil.example")));
    assertEquals("MISS", xCache(declared.get("/links")));
  }

  @Test
  void anEventStreamIsNeverStored() throws Exception {
    HttpResponse<String> first = careless.get("/events");
    HttpResponse<String> second = careless.get("/events");

    assertEquals("data: 1\n\ndata: 2\n\n", first.body());
    assertTrue(cacheStatus(first).contains("detail=event-stream"), cacheStatus(first));
    assertEquals("MISS", xCache(second));
    assertEquals(2, originCalls.get());
  }

  @Test
  void aNoCacheResponseIsNeverReusedUnderRouteTtl() throws Exception {
    HttpResponse<String> first = careless.get("/no-cache");
    HttpResponse<String> second = careless.get("/no-cache");

    assertTrue(cacheStatus(first).contains("detail=no-cache"), cacheStatus(first));
    assertEquals("MISS", xCache(second));
    assertEquals("call 2", second.body());
  }

  @Test
  void aGetWithABodyNeitherReadsNorWritesTheEntry() throws Exception {
    RawExchange.Response attack = RawExchange.send(careless.port(), "GET", "/echo-body", "evil",
        "Host: 127.0.0.1:" + careless.port());
    HttpResponse<String> victim = careless.get("/echo-body");

    assertEquals("BYPASS", attack.header("X-Cache"));
    assertTrue(attack.header("Cache-Status").contains("detail=body"), attack.header("Cache-Status"));
    assertEquals("body:", victim.body());
    assertEquals("MISS", xCache(victim));
  }

  @Test
  void aChunkedGetBodyBypassesToo() throws Exception {
    RawExchange.Response attack = RawExchange.send(careless.port(), "GET", "/echo-body", null,
        "Host: 127.0.0.1:" + careless.port(), "Transfer-Encoding: chunked", "", "4", "evil", "0", "");

    assertEquals("BYPASS", attack.header("X-Cache"));
    assertEquals("body:", careless.get("/echo-body").body());
  }

  @Test
  void parametersOutsideTheAllowListAreHiddenFromTheApplication() throws Exception {
    HttpResponse<String> attack = declared.get("/search?q=shoes&callback=evil");
    HttpResponse<String> victim = declared.get("/search?q=shoes");

    assertEquals("results for shoes, callback none, query q=shoes", attack.body());
    assertEquals("HIT", xCache(victim));
    assertEquals(attack.body(), victim.body());
  }

  /**
   * Compresses its page for a client that accepts gzip, and forgets {@code Vary: Accept-Encoding}:
   * a shared cache keyed on the URL alone would hand the gzip bytes to a client that cannot read them.
   */
  @Test
  void aPageTheAppCompressedForOneClientIsNeverServedCompressedToAnotherThatDidNotAskForIt() throws Exception {
    HttpResponse<byte[]> attack = careless.sendForBytes("GET", "/compressed", "Accept-Encoding", "gzip");
    HttpResponse<byte[]> victim = careless.sendForBytes("GET", "/compressed", "Accept-Encoding", "identity");
    HttpResponse<byte[]> gzipClient = careless.sendForBytes("GET", "/compressed", "Accept-Encoding", "gzip");

    assertAll(
        () -> assertEquals(200, attack.statusCode()),
        () -> assertEquals("HIT", xCache(victim)),
        () -> assertEquals(Optional.empty(), victim.headers().firstValue("Content-Encoding"), "the victim asked for identity"),
        () -> assertEquals("the page, uncompressed", new String(victim.body(), StandardCharsets.UTF_8)),
        () -> assertEquals("the page, uncompressed", decoded(gzipClient)));
  }

  /** The body as the client reads it, gzip or not. */
  private static String decoded(HttpResponse<byte[]> response) throws IOException {
    if (response.headers().firstValue("Content-Encoding").filter("gzip"::equals).isEmpty()) {
      return new String(response.body(), StandardCharsets.UTF_8);
    }
    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
        new java.io.ByteArrayInputStream(response.body()))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * A page that links to itself with {@code getRequestURI()}: the raw path, path parameters and all,
   * which the key (the container's decoded, normalised path) does not hold. Stored, an attacker's
   * {@code /self-link;"><script>...} would be every visitor's page.
   */
  @Test
  void pathParametersAnAppReflectsCannotPoisonThePathsEntry() throws Exception {
    RawExchange.Response attack = RawExchange.send(careless.port(), "GET", "/self-link;evil=1", null,
        "Host: 127.0.0.1:" + careless.port());
    HttpResponse<String> victim = careless.get("/self-link");

    assertAll(
        () -> assertEquals(200, attack.status()),
        () -> assertEquals("BYPASS", attack.header("X-Cache")),
        () -> assertTrue(attack.header("Cache-Status").contains("detail=path"), attack.header("Cache-Status")),
        () -> assertEquals("<a href=\"/self-link\">this page</a>", victim.body()),
        () -> assertEquals("MISS", xCache(victim), "the attacker's request stored nothing"));
  }

  /** Links to itself with the raw request URI (the careless part). */
  static final class SelfLinkServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      originCalls.incrementAndGet();
      response.setContentType("text/html;charset=UTF-8");
      response.getWriter().write("<a href=\"" + request.getRequestURI() + "\">this page</a>");
    }
  }

  /** Gzips when the request accepts it, without saying Vary: Accept-Encoding (the careless part). */
  static final class CompressingServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      originCalls.incrementAndGet();
      byte[] page = "the page, uncompressed".getBytes(StandardCharsets.UTF_8);
      response.setContentType("text/plain;charset=UTF-8");
      String accepted = request.getHeader("Accept-Encoding");
      if (accepted != null && accepted.contains("gzip")) {
        response.setHeader("Content-Encoding", "gzip");
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(response.getOutputStream())) {
          gzip.write(page);
        }
      } else {
        response.getOutputStream().write(page);
      }
    }
  }

  /** Says hello to the user its cookie names; slowly with ?slow=true, so concurrent requests overlap. */
  static final class PersonalServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String user = "anonymous";
      for (Cookie cookie : request.getCookies() == null ? new Cookie[0] : request.getCookies()) {
        user = cookie.getName().equals("user") ? cookie.getValue() : user;
      }
      if (request.getParameter("slow") != null) {
        sleep(300);
      }
      response.getWriter().write("hello " + user);
    }
  }

  /** A legacy page that starts a session for every visitor. */
  static final class SessionServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      request.getSession(true);
      response.getWriter().write("welcome to the shop");
    }
  }

  /** A page in the language its {@code lang} cookie names. */
  static final class GreetingServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      boolean french = false;
      for (Cookie cookie : request.getCookies() == null ? new Cookie[0] : request.getCookies()) {
        french |= cookie.getName().equals("lang") && cookie.getValue().equals("fr");
      }
      response.getWriter().write(french ? "bonjour" : "hello");
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.getWriter().write("updated");
    }
  }

  /** Builds an absolute link from what the container says the request's origin is. */
  static final class LinksServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      int port = request.getServerPort();
      boolean defaultPort = port == 80 && request.getScheme().equals("http");
      response.getWriter().write("<a href=\"" + request.getScheme() + "://" + request.getServerName()
          + (defaultPort ? "" : ":" + port) + "/next\">");
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.getWriter().write("updated");
    }
  }

  /** Server-sent events: two of them, flushed one by one. */
  static final class EventStreamServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      originCalls.incrementAndGet();
      response.setContentType("text/event-stream");
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write("data: 1\n\n");
      response.flushBuffer();
      response.getWriter().write("data: 2\n\n");
    }
  }

  /** Asks every cache to consult it before reuse. */
  static final class NoCacheServlet extends HttpServlet {
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setHeader("Cache-Control", "no-cache");
      response.getWriter().write("call " + calls.incrementAndGet());
    }
  }

  /** Answers with the request body it read: a "fat GET" an attacker can shape. */
  static final class BodyEchoServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      response.getWriter().write("body:" + body);
    }
  }

  /** A JSONP-style page: the callback parameter, if the app sees one, shapes the body. */
  static final class SearchServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String callback = request.getParameter("callback");
      response.getWriter().write("results for " + request.getParameter("q") + ", callback "
          + (callback == null ? "none" : callback) + ", query " + request.getQueryString());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
