package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The optional {@code route.<name>.*} fields: max-body-size, per-user, query, other-query and max-keys. */
class ConfigParserRouteOptionsTest {
  /** A route {@code posts} on {@code /api/posts/} for 60 s, plus {@code keyValues} (key, value, key, value…). */
  private static Map<String, String> postsRouteWith(String... keyValues) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("route.posts.path", "/api/posts/");
    entries.put("route.posts.ttl", "60s");
    for (int i = 0; i < keyValues.length; i += 2) {
      entries.put(keyValues[i], keyValues[i + 1]);
    }
    return entries;
  }

  private static Route postsRoute(String... keyValues) {
    return ConfigParser.parse(postsRouteWith(keyValues)).routeTable().routes().get(0);
  }

  private static String errorFor(String... keyValues) {
    return assertThrows(ConfigException.class, () -> ConfigParser.parse(postsRouteWith(keyValues))).getMessage();
  }

  @Test
  void routeWithoutOptionsTakesTheDefaults() {
    Route route = postsRoute();

    assertAll(
        () -> assertEquals(1024 * 1024, route.maxBodySize()),
        () -> assertEquals(Optional.empty(), route.perUser()),
        () -> assertEquals(Optional.empty(), route.queryParameters()),
        () -> assertEquals(Route.OtherQuery.IGNORE, route.otherQuery()),
        () -> assertEquals(10_000, route.maxKeys()),
        () -> assertEquals(CookieRule.UNDECLARED, route.cookies()),
        () -> assertEquals(Optional.empty(), route.hosts()));
  }

  @ParameterizedTest(name = "cache.max-body-size {0}, route.posts.max-body-size {1} -> {2} bytes")
  @CsvSource(delimiter = '|', nullValues = "(none)", textBlock = """
      # cache.max-body-size | route.posts.max-body-size | route's limit
      (none)                | 64KiB                     | 65536
      (none)                | 2MiB                      | 2097152
      512KiB                | 4096                      | 4096
      512KiB                | (none)                    | 524288
      """)
  void routeMaxBodySizeOverridesTheGlobalLimit(String global, String perRoute, int bytes) {
    Map<String, String> entries = postsRouteWith();
    if (global != null) {
      entries.put("cache.max-body-size", global);
    }
    if (perRoute != null) {
      entries.put("route.posts.max-body-size", perRoute);
    }

    assertEquals(bytes, ConfigParser.parse(entries).routeTable().routes().get(0).maxBodySize());
  }

  @ParameterizedTest(name = "max-body-size \"{0}\" is rejected")
  @CsvSource(delimiter = '|', textBlock = """
      # value  | expectation
      0        | expected a positive size such as 65536, 512KiB or 1MiB, at most 2GiB
      2GiB     | expected a positive size such as 65536, 512KiB or 1MiB, at most 2GiB
      -1       | expected a positive size such as 65536, 512KiB or 1MiB
      lots     | expected a positive size such as 65536, 512KiB or 1MiB
      """)
  void routeMaxBodySizeMustBeAPositiveSize(String value, String expectation) {
    assertEquals("route.posts.max-body-size = \"" + value + "\": " + expectation,
        errorFor("route.posts.max-body-size", value));
  }

  @ParameterizedTest(name = "per-user \"{0}\"")
  @CsvSource(delimiter = '|', nullValues = "(none)", textBlock = """
      # value                 | kind      | header name
      principal               | PRINCIPAL | (none)
      header:X-User-Id        | HEADER    | X-User-Id
      header: X-User-Id       | HEADER    | X-User-Id
      header:x_user.id~1      | HEADER    | x_user.id~1
      """)
  void perUserNamesThePrincipalOrAHeader(String value, UserSource.Kind kind, String headerName) {
    assertEquals(new UserSource(kind, Optional.ofNullable(headerName)),
        postsRoute("route.posts.per-user", value).perUser().orElseThrow());
  }

  @ParameterizedTest(name = "per-user \"{0}\" is rejected")
  @CsvSource({
    "Principal", "PRINCIPAL", "user", "header", "header:", "'header:X User'", "header:X-User:1",
    "'header:X-User-Id,X-Other'", "headers:X-User-Id", "Header:X-User-Id", "''",
  })
  void perUserOtherThanPrincipalOrHeaderIsRejected(String value) {
    assertEquals("route.posts.per-user = \"" + value
            + "\": expected principal or header:<Header-Name>, such as header:X-User-Id",
        errorFor("route.posts.per-user", value));
  }

  @ParameterizedTest(name = "query \"{0}\" allows {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # value             | allowed names, space-separated
      page                | page
      page,size           | page size
      page, size          | page size
      ' page , size , '   | page size
      page,page           | page
      """)
  void queryIsACommaSeparatedAllowList(String value, String names) {
    assertEquals(Optional.of(Set.of(names.split(" "))), postsRoute("route.posts.query", value).queryParameters());
  }

  @ParameterizedTest(name = "query \"{0}\" is rejected")
  @CsvSource({"''", "','", "' , ,'"})
  void queryWithoutAnyNameIsRejected(String value) {
    assertEquals("route.posts.query = \"" + value.trim()
            + "\": expected comma-separated parameter names such as page, size",
        errorFor("route.posts.query", value));
  }

  @ParameterizedTest(name = "other-query \"{0}\" -> {1}")
  @CsvSource({"ignore, IGNORE", "bypass, BYPASS", "' bypass ', BYPASS"})
  void otherQueryIsIgnoreOrBypass(String value, Route.OtherQuery otherQuery) {
    assertEquals(otherQuery,
        postsRoute("route.posts.query", "page", "route.posts.other-query", value).otherQuery());
  }

  @Test
  void otherQueryDefaultsToIgnore() {
    assertEquals(Route.OtherQuery.IGNORE, postsRoute("route.posts.query", "page").otherQuery());
  }

  @ParameterizedTest(name = "other-query \"{0}\" is rejected")
  @CsvSource({"BYPASS", "Ignore", "drop", "''"})
  void otherQueryOtherThanIgnoreOrBypassIsRejected(String value) {
    assertEquals("route.posts.other-query = \"" + value + "\": expected ignore or bypass",
        errorFor("route.posts.query", "page", "route.posts.other-query", value));
  }

  @ParameterizedTest(name = "other-query \"{0}\" without query")
  @CsvSource({"ignore", "bypass"})
  void otherQueryWithoutAQueryAllowListIsRejected(String value) {
    assertEquals("route.posts.other-query = \"" + value
            + "\": only applies with route.posts.query, the allow-list it refers to",
        errorFor("route.posts.other-query", value));
  }

  @ParameterizedTest(name = "max-keys \"{0}\" -> {1}")
  @CsvSource({"0, 0", "1, 1", "1000, 1000", "' 50 ', 50", "2147483647, 2147483647", "99999999999, 99999999999"})
  void maxKeysIsABudgetOrZeroForNone(String value, long maxKeys) {
    assertEquals(maxKeys, postsRoute("route.posts.max-keys", value).maxKeys());
  }

  @ParameterizedTest(name = "cache.max-keys {0}, route {1} -> {2}")
  @CsvSource(nullValues = "(none)", value = {"(none), (none), 10000", "500, (none), 500", "500, 7, 7", "0, (none), 0"})
  void globalMaxKeysIsTheDefaultBudget(String global, String perRoute, long budget) {
    Map<String, String> entries = postsRouteWith();
    if (global != null) {
      entries.put("cache.max-keys", global);
    }
    if (perRoute != null) {
      entries.put("route.posts.max-keys", perRoute);
    }
    assertEquals(budget, ConfigParser.parse(entries).routeTable().routes().get(0).maxKeys());
  }

  @ParameterizedTest(name = "max-keys \"{0}\" is rejected")
  @CsvSource({"-1", "many", "1.5", "''"})
  void maxKeysMustBeAWholeNumber(String value) {
    assertEquals("route.posts.max-keys = \"" + value.trim() + "\": expected a whole number such as 10000, or 0 for no budget",
        errorFor("route.posts.max-keys", value));
  }

  @Test
  void routeToStringListsItsOptionsWithTheAllowListSorted() {
    Route route = postsRoute(
        "route.posts.max-body-size", "64KiB",
        "route.posts.per-user", "header:X-User-Id",
        "route.posts.query", "size, page, filter",
        "route.posts.other-query", "bypass",
        "route.posts.max-keys", "500");

    assertEquals("route posts: GET /api/posts/ ttl 60s max-body-size 65536 per-user header:X-User-Id"
            + " query [filter, page, size] other-query bypass max-keys 500",
        route.toString());
  }

  @Test
  void routeToStringWithoutOptionsShowsOnlyTheBodyLimit() {
    assertEquals("route posts: GET /api/posts/ ttl 60s max-body-size 1048576 max-keys 10000", postsRoute().toString());
  }

  @ParameterizedTest(name = "{0} = {1} on two routes")
  @CsvSource(delimiter = '|', textBlock = """
      # field      | value
      per-user     | principal
      query        | page
      max-keys     | 10
      """)
  void optionsBelongToTheirOwnRoute(String field, String value) {
    Map<String, String> entries = postsRouteWith("route.posts." + field, value);
    entries.put("route.user.path", "/api/users/{id}");
    entries.put("route.user.ttl", "60s");

    Route user = ConfigParser.parse(entries).routeTable().route("/api/users/1").orElseThrow().route();

    assertEquals(new Route("user", user.path(), user.ttl()), user);
  }
}
