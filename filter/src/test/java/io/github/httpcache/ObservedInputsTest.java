package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.httpcache.servlet.AdminServlet;
import io.github.httpcache.testing.RedisFixture;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache knows what a page read: each attack is a request carrying an input the key does not
 * hold, read by the page; the poisoned answer must not be stored, and the next client must get
 * the origin's own answer.
 */
class ObservedInputsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RedisFixture redis;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    server = TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "route.all.path", "/**",
            "route.all.ttl", "60s",
            "route.all.cookies", "ignore",
            "route.localized.path", "/localized/vary",
            "route.localized.ttl", "60s",
            "route.localized.vary", "accept-language",
            "route.agent.path", "/localized/ignore",
            "route.agent.ttl", "60s",
            "route.agent.inputs.ignore", "accept-language",
            "route.warned.path", "/localized/warn",
            "route.warned.ttl", "60s",
            "route.warned.inputs", "warn"),
        Map.of("/page/*", new ShapedPage(), "/localized/*", new LocalizedPage(), "/api/invalidate/*", new AdminServlet()),
        true, false);
    // Plays a container's authentication: a request with X-Client-Cert has that user as its principal.
    FilterHolder authentication = new FilterHolder(new ClientCertificates());
    server.context().getServletHandler().prependFilter(authentication);
    server.context().getServletHandler().prependFilterMapping(mapping(authentication));
  }

  private static org.eclipse.jetty.ee10.servlet.FilterMapping mapping(FilterHolder holder) {
    org.eclipse.jetty.ee10.servlet.FilterMapping mapping = new org.eclipse.jetty.ee10.servlet.FilterMapping();
    mapping.setFilterName(holder.getName());
    mapping.setPathSpec("/*");
    mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
    return mapping;
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    redis.close();
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
  }

  private static String cacheStatus(HttpResponse<?> response) {
    return response.headers().firstValue("Cache-Status").orElse("");
  }

  private static String xCache(HttpResponse<?> response) {
    return response.headers().firstValue("X-Cache").orElse("");
  }

  /** The attacker's request is answered as the page chose, but not stored; the victim gets the origin's page. */
  private static void assertNotPoisoned(String path, String attackHeader, String attackValue, String input)
      throws Exception {
    HttpResponse<String> attack = server.get(path, attackHeader, attackValue);
    HttpResponse<String> victim = server.get(path);

    assertTrue(attack.body().contains(attackValue), attack.body());
    assertTrue(cacheStatus(attack).contains("detail=unkeyed-input; key=\"" + input + "\""), cacheStatus(attack));
    assertEquals("MISS", xCache(victim));
    assertEquals("page for /page/plain", victim.body().replace(path, "/page/plain"));
    assertEquals("HIT", xCache(server.get(path)));
  }

  @Test
  void anOverriddenUrlIsNotStored() throws Exception {
    assertNotPoisoned("/page/a", "X-Original-URL", "/admin", "x-original-url");
  }

  @Test
  void anOverriddenMethodIsNotStored() throws Exception {
    assertNotPoisoned("/page/b", "X-HTTP-Method-Override", "DELETE", "x-http-method-override");
  }

  @Test
  void aReflectedForwardedHostIsNotStored() throws Exception {
    assertNotPoisoned("/page/c", "X-Forwarded-Host", "evil.example", "x-forwarded-host");
  }

  @Test
  void aPagePersonalisedByThePrincipalIsNotStored() throws Exception {
    HttpResponse<String> alice = server.get("/page/d", "X-Client-Cert", "alice");
    HttpResponse<String> anonymous = server.get("/page/d");

    assertEquals("hello alice", alice.body());
    assertTrue(cacheStatus(alice).contains("key=\"principal\""), cacheStatus(alice));
    assertEquals("page for /page/d", anonymous.body());
  }

  @Test
  void aPageThatReadsAnExistingSessionIsNotStoredButANewSessionIsHarmless() throws Exception {
    HttpResponse<String> first = server.get("/page/session");
    String session = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    HttpResponse<String> returning = server.get("/page/session?again", "Cookie", session);

    assertTrue(cacheStatus(first).contains("detail=set-cookie"), cacheStatus(first));
    assertEquals("visit 2", returning.body());
    assertTrue(cacheStatus(returning).contains("key=\"session\""), cacheStatus(returning));
  }

  @Test
  void aLocaleReadIsRefusedWithAClearDetailByDefault() throws Exception {
    HttpResponse<String> french = server.get("/page/locale", "Accept-Language", "fr");

    assertTrue(cacheStatus(french).contains("detail=unkeyed-input; key=\"accept-language\""), cacheStatus(french));
    assertEquals("MISS", xCache(server.get("/page/locale", "Accept-Language", "fr")));
  }

  @Test
  void aRouteThatKeysOnTheLanguageStoresOneEntryPerLanguage() throws Exception {
    HttpResponse<String> french = server.get("/localized/vary", "Accept-Language", "fr");
    HttpResponse<String> english = server.get("/localized/vary", "Accept-Language", "en");
    HttpResponse<String> frenchAgain = server.get("/localized/vary", "Accept-Language", "fr");

    assertEquals("bonjour", french.body());
    assertEquals("hello", english.body());
    assertEquals("bonjour", frenchAgain.body());
    assertEquals("HIT", xCache(frenchAgain));
    assertTrue(frenchAgain.headers().firstValue("Vary").orElse("").toLowerCase().contains("accept-language"));
  }

  @Test
  void aRouteThatDeclaresTheLanguageHarmlessStoresTheFirstAnswer() throws Exception {
    server.get("/localized/ignore", "Accept-Language", "fr");

    assertEquals("HIT", xCache(server.get("/localized/ignore", "Accept-Language", "en")));
  }

  @Test
  void warnModeStoresAndCountsTheInputForTheDashboard() throws Exception {
    server.get("/localized/warn", "Accept-Language", "fr");
    server.get("/page/a", "X-Original-URL", "/admin");

    assertEquals("HIT", xCache(server.get("/localized/warn")));
    JsonNode inputs = JSON.readTree(server.get("/api/invalidate/dashboard.json").body()).get("unkeyed_inputs");
    assertTrue(listed(inputs, "warned", "accept-language"), inputs.toString());
    assertTrue(listed(inputs, "all", "x-original-url"), inputs.toString());
  }

  private static boolean listed(JsonNode rows, String route, String input) {
    for (JsonNode row : rows) {
      if (row.get("route").asText().equals(route) && row.get("input").asText().equals(input) && row.get("count").asLong() > 0) {
        return true;
      }
    }
    return false;
  }

  @Test
  void headersTheCacheAnswersItselfDoNotCount() throws Exception {
    server.get("/page/plain", "Accept-Encoding", "gzip", "If-None-Match", "\"x\"");

    assertEquals("HIT", xCache(server.get("/page/plain")));
  }

  /** A page shaped by whatever the request says: the overrides and proxies careless apps honour. */
  static final class ShapedPage extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String path = request.getPathInfo();
      if (path.equals("/session")) {
        HttpSession session = request.getSession(true);
        int visits = session.getAttribute("visits") == null ? 1 : (int) session.getAttribute("visits") + 1;
        session.setAttribute("visits", visits);
        response.getWriter().write("visit " + visits);
        return;
      }
      if (path.equals("/locale")) {
        response.getWriter().write("page in " + request.getLocale().getLanguage());
        return;
      }
      Principal principal = request.getUserPrincipal();
      String shaped = firstOf(request, "X-Original-URL", "X-HTTP-Method-Override", "X-Forwarded-Host");
      response.getWriter().write(principal != null ? "hello " + principal.getName()
          : shaped != null ? "page for " + path + " via " + shaped : "page for /page" + path);
    }

    private static String firstOf(HttpServletRequest request, String... names) {
      for (String name : names) {
        if (request.getHeader(name) != null) {
          return request.getHeader(name);
        }
      }
      return null;
    }
  }

  /** Greets in the request's language, as a framework's message bundle does. */
  static final class LocalizedPage extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.getWriter().write(request.getLocale().getLanguage().equals("fr") ? "bonjour" : "hello");
    }
  }

  /** A container's client-certificate authentication, reduced to a header a test can send. */
  static final class ClientCertificates implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest http = (HttpServletRequest) request;
      String user = http.getHeader("X-Client-Cert");
      chain.doFilter(user == null ? request : new HttpServletRequestWrapper(http) {
        @Override
        public Principal getUserPrincipal() {
          return () -> user;
        }
      }, response);
    }
  }
}
