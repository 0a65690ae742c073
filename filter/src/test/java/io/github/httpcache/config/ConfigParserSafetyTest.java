package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a route says about cookies and hosts, the fill memory, and placeholders an invalidation may use. */
class ConfigParserSafetyTest {
  private static Map<String, String> pageWith(String... keyValues) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("route.page.path", "/page/{id}");
    entries.put("route.page.ttl", "60s");
    for (int i = 0; i < keyValues.length; i += 2) {
      entries.put(keyValues[i], keyValues[i + 1]);
    }
    return entries;
  }

  private static Route page(String... keyValues) {
    return ConfigParser.parse(pageWith(keyValues)).routeTable().routes().get(0);
  }

  private static String errorFor(String... keyValues) {
    return assertThrows(ConfigException.class, () -> ConfigParser.parse(pageWith(keyValues))).getMessage();
  }

  @ParameterizedTest(name = "cookies \"{0}\" -> {1} {2}")
  @CsvSource(delimiter = '|', nullValues = "(none)", textBlock = """
      # route.page.cookies   | mode   | keyed cookies
      (none)                 | BYPASS | ''
      bypass                 | BYPASS | ''
      ignore                 | IGNORE | ''
      ' IGNORE '             | IGNORE | ''
      key:lang               | KEY    | lang
      key: lang , _ga*       | KEY    | lang,_ga*
      """)
  void cookiesSayWhetherARequestWithCookiesMayUseTheEntry(String value, CookieRule.Mode mode, String keyed) {
    Route route = value == null ? page() : page("route.page.cookies", value);

    assertEquals(mode, route.cookies().mode());
    assertEquals(keyed.isEmpty() ? List.of() : Arrays.asList(keyed.split(",")), route.cookies().keyed());
  }

  @ParameterizedTest(name = "cookies \"{0}\" is rejected")
  @CsvSource({"yes", "key:", "'key: , '", "'key:a b'", "keys:lang"})
  void cookiesRejectAnythingElse(String value) {
    assertEquals(true, errorFor("route.page.cookies", value).startsWith("route.page.cookies = \""), value);
  }

  @ParameterizedTest(name = "strip-set-cookie {0}: {1} stripped {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # strip-set-cookie    | cookie name  | stripped
      JSESSIONID            | JSESSIONID   | true
      JSESSIONID            | jsessionid   | false
      JSESSIONID            | SESSION      | false
      'JSESSIONID, _ga*'    | _ga_ABC      | true
      'JSESSIONID, _ga*'    | ga           | false
      """)
  void stripSetCookieNamesOrGlobs(String value, String cookie, boolean stripped) {
    assertEquals(stripped, page("route.page.strip-set-cookie", value).cookies().strips(cookie));
  }

  @Test
  void keyedCookiesMatchGlobs() {
    CookieRule rule = page("route.page.cookies", "key:lang,_ga*").cookies();

    assertEquals(List.of(true, true, false), List.of(rule.keys("lang"), rule.keys("_ga_1"), rule.keys("JSESSIONID")));
  }

  @ParameterizedTest(name = "cache.hosts {0}, route.page.hosts {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "(none)", textBlock = """
      # cache.hosts                  | route.page.hosts | hosts served
      (none)                         | (none)           | (all)
      'www.example.com, Example.COM' | (none)           | www.example.com,example.com
      www.example.com                | api.example.com  | api.example.com
      (none)                         | 127.0.0.1,[::1]  | 127.0.0.1,[::1]
      """)
  void hostsNameWhatIsServedPerRouteOrForAll(String global, String perRoute, String served) {
    Map<String, String> entries = pageWith();
    if (global != null) {
      entries.put("cache.hosts", global);
    }
    if (perRoute != null) {
      entries.put("route.page.hosts", perRoute);
    }
    Optional<Set<String>> expected = served.equals("(all)") ? Optional.empty() : Optional.of(Set.of(served.split(",")));

    assertEquals(expected, ConfigParser.parse(entries).routeTable().routes().get(0).hosts());
  }

  @ParameterizedTest(name = "hosts \"{0}\" is rejected")
  @CsvSource({"https://www.example.com", "www.example.com:8080", "www.example.com/path", "' , '", "-bad.example"})
  void hostsAreBareNames(String value) {
    assertEquals(true, errorFor("cache.hosts", value).startsWith("cache.hosts = \""), value);
  }

  @Test
  void fillMemoryDefaultsToAQuarterOfTheHeapAndCanBeSet() {
    assertEquals(Runtime.getRuntime().maxMemory() / 4, ConfigParser.parse(pageWith()).fillMemory());
    assertEquals(64L << 20, ConfigParser.parse(pageWith("cache.fill-memory", "64MiB")).fillMemory());
  }

  private static Map<String, String> ruleWith(String path, String keys, String query) {
    Map<String, String> entries = pageWith("invalidate.edit.method", "PUT", "invalidate.edit.path", path,
        "invalidate.edit.keys", keys);
    if (query != null) {
      entries.put("invalidate.edit.query", query);
    }
    return entries;
  }

  @Test
  void anInvalidationPlaceholderThePathDoesNotBindIsAStartupError() {
    String error = assertThrows(ConfigException.class,
        () -> ConfigParser.parse(ruleWith("/api/users/{id}", "GET:/api/users/{uid}", null))).getMessage();

    assertEquals("invalidate.edit.keys = \"GET:/api/users/{uid}\": {uid} is not a variable of invalidate.edit.path"
        + " (/api/users/{id}); use one of [id], or name the query parameter in invalidate.edit.query", error);
  }

  @ParameterizedTest(name = "{0} on {1}, query {2}")
  @CsvSource(delimiter = '|', nullValues = "(none)", textBlock = """
      # keys                         | path              | invalidate.edit.query
      GET:/api/users/{id}            | /api/users/{id}   | (none)
      user_posts:{user_id}           | /posts            | user_id
      GET:/u/{id}?page={page:1}      | /u/{id}           | page
      """)
  void placeholdersBoundByThePathOrDeclaredQueryStart(String keys, String path, String query) {
    assertEquals(1, ConfigParser.parse(ruleWith(path, keys, query)).routeTable().rules().size());
  }

  @ParameterizedTest(name = "{0} on {1}, query {2} is rejected")
  @CsvSource(delimiter = '|', nullValues = "(none)", textBlock = """
      # keys                         | path              | invalidate.edit.query
      user_posts:{user_id}           | /posts            | (none)
      user_posts:{user_id}           | /posts            | uid
      GET:/u/{id}?page={page:1}      | /u/{id}           | (none)
      """)
  void placeholdersNeitherBoundNorDeclaredAreRejected(String keys, String path, String query) {
    assertThrows(ConfigException.class, () -> ConfigParser.parse(ruleWith(path, keys, query)));
  }

  @ParameterizedTest(name = "{0} = {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # key                         | value                          | route's input rules
      route.page.inputs             | warn                           | WARN [] []
      route.page.inputs             | OFF                            | OFF [] []
      route.page.inputs.ignore      | User-Agent, accept-language    | REFUSE [user-agent, accept-language] []
      route.page.vary               | Accept-Language                | REFUSE [] [accept-language]
      route.page.freshness          | origin                         | OFF [] []
      """)
  void inputRulesNameModesAndHeaders(String key, String value, String rules) {
    InputRules inputs = page(key, value).inputs();

    assertEquals(rules, inputs.mode() + " " + inputs.ignored() + " " + inputs.vary());
  }

  @ParameterizedTest(name = "{0} = {1} is rejected")
  @CsvSource(delimiter = '|', textBlock = """
      route.page.inputs             | sometimes
      route.page.inputs.ignore      | ' , '
      route.page.vary               | accept language
      """)
  void inputRulesRejectAnythingElse(String key, String value) {
    assertEquals(true, errorFor(key, value).startsWith(key + " = \""), key);
  }
}
