package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.config.Route;
import io.github.httpcache.key.QueryString;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LookupPolicyTest {
  private static Lookup decide(String rawQuery, Map<String, String> headers) {
    return LookupPolicy.decide(new RequestFacts("GET", "/api/posts/", QueryString.parse(rawQuery), headers));
  }

  @Test
  void plainRequestLooksUp() {
    assertEquals(Lookup.LOOKUP, decide(null, Map.of()));
  }

  @ParameterizedTest(name = "?{0} bypasses")
  @CsvSource({
    "nocache=true", "nocache=1", "nocache=yes", "nocache=on", "nocache=TRUE", "nocache=Yes", "nocache=ON",
    "a=1&nocache=true", "nocache=false&nocache=true",
  })
  void nocacheWithATrueWordBypasses(String rawQuery) {
    assertEquals(Lookup.BYPASS_NOCACHE, decide(rawQuery, Map.of()));
  }

  @ParameterizedTest(name = "?{0} looks up")
  @CsvSource({"nocache=false", "nocache=", "nocache", "nocache=0", "nocache=no", "nocache=off", "nocache=maybe",
      "nocache=truex", "nocachex=true", "cache=true"})
  void nocacheWithAnyOtherValueLooksUp(String rawQuery) {
    assertEquals(Lookup.LOOKUP, decide(rawQuery, Map.of()));
  }

  @ParameterizedTest(name = "Authorization: {0}")
  @CsvSource({"Bearer abc", "Basic dXNlcjpwYXNz", "''"})
  void authorizationHeaderBypasses(String credentials) {
    assertEquals(Lookup.BYPASS_AUTHORIZATION, decide(null, Map.of("authorization", credentials)));
  }

  @Test
  void otherRequestHeadersDoNotBypass() {
    assertEquals(Lookup.LOOKUP, decide(null, Map.of("accept", "application/json", "user-agent", "curl")));
  }

  @Test
  void aCookieBypassesARouteThatSaysNothingAboutCookies() {
    assertEquals(Lookup.BYPASS_COOKIE, decide(null, Map.of("cookie", "a=1")));
  }

  /** The route {@code r} on {@code /api/posts/} with the given {@code route.r.*} options (field, value…). */
  private static Route route(String... fieldValues) {
    Map<String, String> entries = new HashMap<>(Map.of("route.r.path", "/api/posts/", "route.r.ttl", "60s"));
    for (int i = 0; i < fieldValues.length; i += 2) {
      entries.put("route.r." + fieldValues[i], fieldValues[i + 1]);
    }
    return ConfigParser.parse(entries).routeTable().routes().get(0);
  }

  private static final Route PER_USER = route("per-user", "header:X-User-Id");
  private static final Route ALLOW_LIST_BYPASS = route("query", "page, size", "other-query", "bypass");
  private static final Route ALLOW_LIST_IGNORE = route("query", "page, size", "other-query", "ignore");

  private static Lookup decide(Route route, String rawQuery, Map<String, String> headers, String user) {
    return LookupPolicy.decide(new RequestFacts("GET", "/api/posts/", QueryString.parse(rawQuery), headers,
        Optional.ofNullable(user)), route);
  }

  @ParameterizedTest(name = "per-user route, Authorization \"{0}\"")
  @CsvSource({"Bearer abc", "Basic dXNlcjpwYXNz", "''"})
  void perUserRouteLooksUpWithAuthorizationWhenAUserIsPresent(String credentials) {
    assertEquals(Lookup.LOOKUP, decide(PER_USER, null, Map.of("authorization", credentials), "alice"));
  }

  @Test
  void perUserRouteLooksUpForAUserWithoutAuthorization() {
    assertEquals(Lookup.LOOKUP, decide(PER_USER, null, Map.of(), "alice"));
  }

  @ParameterizedTest(name = "per-user route, no user, Authorization present: {0}")
  @CsvSource({"true", "false"})
  void perUserRouteWithoutAUserBypasses(boolean withAuthorization) {
    Map<String, String> headers = withAuthorization ? Map.of("authorization", "Bearer abc") : Map.of();

    assertEquals(Lookup.BYPASS_NO_USER, decide(PER_USER, null, headers, null));
  }

  @Test
  void sharedRouteStillBypassesAuthorization() {
    assertEquals(Lookup.BYPASS_AUTHORIZATION, decide(route(), null, Map.of("authorization", "Bearer abc"), null));
  }

  @ParameterizedTest(name = "allow-list [page, size], other-query {0}, ?{1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "(null)", textBlock = """
      # other-query | raw query               | decision
      bypass        | (null)                  | LOOKUP
      bypass        | page=2                  | LOOKUP
      bypass        | page=2&size=10          | LOOKUP
      bypass        | page=2&nocache=false    | LOOKUP
      bypass        | utm_source=x            | BYPASS_QUERY
      bypass        | page=2&utm_source=x     | BYPASS_QUERY
      bypass        | Page=2                  | BYPASS_QUERY
      ignore        | utm_source=x            | LOOKUP
      ignore        | page=2&utm_source=x     | LOOKUP
      """)
  void parameterOutsideTheAllowListBypassesOnlyWhenTheRouteSaysSo(String otherQuery, String rawQuery,
      Lookup decision) {
    Route route = otherQuery.equals("bypass") ? ALLOW_LIST_BYPASS : ALLOW_LIST_IGNORE;

    assertEquals(decision, decide(route, rawQuery, Map.of(), null));
  }

  @ParameterizedTest(name = "?{0}")
  @CsvSource({"nocache=true", "nocache=true&utm_source=x", "utm_source=x&nocache=true", "page=1&x=1&nocache=on"})
  void nocacheWinsOverAnUnlistedParameter(String rawQuery) {
    assertEquals(Lookup.BYPASS_NOCACHE, decide(ALLOW_LIST_BYPASS, rawQuery, Map.of(), null));
  }

  @ParameterizedTest(name = "per-user route, user {0}")
  @CsvSource(nullValues = "(none)", value = {"alice", "(none)"})
  void nocacheWinsOnAPerUserRoute(String user) {
    assertEquals(Lookup.BYPASS_NOCACHE, decide(PER_USER, "nocache=true", Map.of(), user));
  }

  @Test
  void routeWithoutOptionsDecidesLikeTheSharedDefault() {
    assertEquals(Lookup.LOOKUP, decide(route(), "utm_source=x", Map.of(), null));
  }

  @Test
  void originFreshnessLooksUpCredentialedRequestsAndLeavesTheEntryToDecide() {
    io.github.httpcache.config.RouteTable table = ConfigParser.parse(Map.of(
        "cache.freshness", "origin", "route.all.path", "/**",
        "route.fixed.path", "/fixed/{name}", "route.fixed.ttl", "60s", "route.fixed.freshness", "route")).routeTable();
    RequestFacts credentialed = new RequestFacts("GET", "/x", java.util.List.of(), Map.of("authorization", "Basic dTpw"));

    assertEquals(Lookup.LOOKUP, LookupPolicy.decide(credentialed, table.route("/a/b").orElseThrow().route()));
    assertEquals(Lookup.BYPASS_AUTHORIZATION, LookupPolicy.decide(credentialed, table.route("/fixed/a").orElseThrow().route()));
  }
}
