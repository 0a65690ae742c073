package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Route key templates, invalidation patterns and tags, and the invalidation settings, written as
 * the second seed ({@code seeds/002_a10627eb9ffbef88.txt}) writes its {@code @cache} decorators.
 */
class ConfigParserInvalidationTest {
  /** The seed's examples as configuration. */
  private static Map<String, String> seed() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("route.user-posts.path", "/api/users/{username}/posts");
    entries.put("route.user-posts.ttl", "5m");
    entries.put("route.user-posts.key", "{username}_posts:page_{page:1}:items_per_page_{items_per_page:10}");
    entries.put("route.user-posts.resource-id", "username");
    entries.put("route.post.path", "/api/posts/{post_id}");
    entries.put("route.post.ttl", "1h");
    entries.put("route.post.key", "post_cache");
    entries.put("route.post.resource-id", "post_id");
    entries.put("route.employees.path", "/organizations/{org_id}/departments/{dept_id}/employees");
    entries.put("route.employees.ttl", "30m");
    entries.put("route.employees.key", "org_{org_id}_dept_{dept_id}_employees");
    entries.put("route.employees.resource-id", "dept_id");
    entries.put("route.search.path", "/api/search");
    entries.put("route.search.ttl", "1h");
    entries.put("route.search.key", "search");
    entries.put("route.search.resource-id", "query");
    entries.put("invalidate.new-post.method", "POST");
    entries.put("invalidate.new-post.path", "/api/posts");
    entries.put("invalidate.new-post.keys", "user_posts:{user_id}, latest_posts:global, user_stats:{user_id}");
    entries.put("invalidate.new-post.query", "user_id");
    entries.put("invalidate.profile.method", "PUT");
    entries.put("invalidate.profile.path", "/api/users/{user_id}/profile");
    entries.put("invalidate.profile.patterns", "user_{user_id}_*, *_user_{user_id}_*, search_results_*");
    entries.put("invalidate.profile.tags", "user-{user_id}, profiles");
    return entries;
  }

  private static Map<String, String> seedWith(String key, String value) {
    Map<String, String> entries = seed();
    entries.put(key, value);
    return entries;
  }

  private static Map<String, String> seedWithout(String key) {
    Map<String, String> entries = seed();
    entries.remove(key);
    return entries;
  }

  private static RouteTable table(Map<String, String> entries) {
    return ConfigParser.parse(entries).routeTable();
  }

  private static Route route(String name) {
    return table(seed()).routes().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  private static InvalidationRule rule(String name) {
    return table(seed()).rules().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  private static String errorFor(Map<String, String> entries) {
    return assertThrows(ConfigException.class, () -> ConfigParser.parse(entries)).getMessage();
  }

  /** {@code name=value&name=value}, or nothing for an empty text. */
  private static Map<String, String> values(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    if (!text.isEmpty()) {
      for (String pair : text.split("&")) {
        values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    return values;
  }

  @ParameterizedTest(name = "route {0}: key {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # route     | key template with the resource id appended
      user-posts  | {username}_posts:page_{page:1}:items_per_page_{items_per_page:10}:{username}
      post        | post_cache:{post_id}
      employees   | org_{org_id}_dept_{dept_id}_employees:{dept_id}
      search      | search:{query}
      """)
  void resourceIdIsAppendedToTheRouteKeyAfterAColon(String name, String template) {
    assertEquals(template, route(name).key().orElseThrow().toString());
  }

  @ParameterizedTest(name = "{1} on {0} -> {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # route     | path                                  | query                       | key
      user-posts  | /api/users/john/posts                 | ''                          | john_posts:page_1:items_per_page_10:john
      user-posts  | /api/users/john/posts                 | page=2&items_per_page=50    | john_posts:page_2:items_per_page_50:john
      post        | /api/posts/123                        | ''                          | post_cache:123
      employees   | /organizations/1/departments/2/employees | ''                       | org_1_dept_2_employees:2
      search      | /api/search                           | query=shoes                 | search:shoes
      """)
  void seedRouteKeysExpandAsTheSeedGeneratesThem(String name, String path, String query, String key) {
    RouteTable.RouteMatch match = table(seed()).route(path).orElseThrow();

    assertEquals(Optional.of(key), match.route().key().orElseThrow().expand(match.variables(), values(query)));
  }

  @Test
  void routeKeyWithoutResourceIdIsUsedAsWritten() {
    Route route = table(seedWithout("route.post.resource-id")).route("/api/posts/1").orElseThrow().route();

    assertEquals("post_cache", route.key().orElseThrow().toString());
  }

  @Test
  void routeWithoutAKeyHasNoTemplate() {
    Route route = table(Map.of("route.posts.path", "/api/posts/", "route.posts.ttl", "60s")).routes().get(0);

    assertEquals(Optional.empty(), route.key());
  }

  @Test
  void routeToStringShowsItsKeyTemplate() {
    assertEquals("route post: GET /api/posts/{post_id} ttl 3600s max-body-size 1048576 max-keys 10000 key post_cache:{post_id}",
        route("post").toString());
  }

  @Test
  void seedKeysArePlainKeysFilledFromTheQuery() {
    assertEquals("[user_posts:{user_id}, latest_posts:global, user_stats:{user_id}]",
        rule("new-post").keys().toString());
  }

  @Test
  void seedPatternsAndTagsKeepTheirOrder() {
    InvalidationRule profile = rule("profile");

    assertAll(
        () -> assertEquals("[user_{user_id}_*, *_user_{user_id}_*, search_results_*]", profile.patterns().toString()),
        () -> assertEquals("[user-{user_id}, profiles]", profile.tags().toString()),
        () -> assertEquals(List.of(), profile.keys()));
  }

  @Test
  void invalidationRuleToStringListsWhatItHas() {
    assertEquals("invalidate profile: PUT /api/users/{user_id}/profile"
            + " patterns [user_{user_id}_*, *_user_{user_id}_*, search_results_*] tags [user-{user_id}, profiles]",
        rule("profile").toString());
  }

  @Test
  void invalidationRuleNeedsKeysPatternsOrTags() {
    Map<String, String> entries = seedWithout("invalidate.profile.patterns");
    entries.remove("invalidate.profile.tags");

    assertEquals(
        "invalidate.profile.keys = \"\": missing; invalidate.profile needs keys, patterns or tags:"
            + " comma-separated, such as GET:/api/users/{id}",
        errorFor(entries));
  }

  @ParameterizedTest(name = "without {0}: {1} patterns, {2} tags")
  @CsvSource({"invalidate.profile.patterns, 0, 2", "invalidate.profile.tags, 3, 0"})
  void invalidationRuleWithOnlyPatternsOrOnlyTagsIsAccepted(String removed, int patterns, int tags) {
    InvalidationRule profile = table(seedWithout(removed)).rules().stream()
        .filter(r -> r.name().equals("profile")).findFirst().orElseThrow();

    assertEquals(List.of(patterns, tags), List.of(profile.patterns().size(), profile.tags().size()));
  }

  @Test
  void resourceIdWithoutAKeyIsRejected() {
    assertEquals("route.post.resource-id = \"post_id\": only applies with route.post.key, the key it is appended to",
        errorFor(seedWithout("route.post.key")));
  }

  @ParameterizedTest(name = "resource-id \"{0}\"")
  @CsvSource({"1id", "post id", "{post_id}", "post-id", "post_id:1"})
  void resourceIdMustBeAName(String resourceId) {
    assertEquals("route.post.resource-id = \"" + resourceId + "\": expected a path variable or query parameter name",
        errorFor(seedWith("route.post.resource-id", resourceId)));
  }

  @ParameterizedTest(name = "key \"{0}\"")
  @CsvSource(delimiter = '|', textBlock = """
      # route key         | expected
      post cache          | a logical key such as GET:/api/users/{id}, without spaces
      post_{id            | placeholders as {name} or {name:default}
      post_{}             | placeholders as {name} or {name:default}
      """)
  void malformedRouteKeyIsRejectedAsWritten(String key, String expected) {
    assertEquals("route.post.key = \"" + key + "\": expected " + expected,
        errorFor(seedWith("route.post.key", key)));
  }

  @ParameterizedTest(name = "{0} = \"{1}\"")
  @CsvSource(delimiter = '|', textBlock = """
      # entry                          | value                 | expected
      invalidate.profile.patterns      | user_{user_id} *      | a pattern such as GET:/api/users/* or user_{user_id}_*, without spaces
      invalidate.profile.patterns      | user_{user_id         | placeholders as {name} or {name:default}
      invalidate.profile.tags          | user {user_id}        | a tag such as user-{id}, without spaces
      invalidate.new-post.keys         | user_posts:{user_id   | placeholders as {name} or {name:default}
      """)
  void malformedPatternTagOrKeyIsRejectedNamingItsEntry(String entry, String value, String expected) {
    assertEquals(entry + " = \"" + value + "\": expected " + expected, errorFor(seedWith(entry, value)));
  }

  @ParameterizedTest(name = "{0} = \"{1}\" has an empty element")
  @CsvSource(delimiter = '|', textBlock = """
      # entry                          | value                                 | expected
      invalidate.profile.patterns      | user_{user_id}_*,,search_results_*    | a pattern such as GET:/api/users/* or user_{user_id}_*, without spaces
      invalidate.profile.tags          | user-{user_id},,profiles              | a tag such as user-{id}, without spaces
      """)
  void emptyElementOfAListIsRejected(String entry, String value, String expected) {
    assertEquals(entry + " = \"\": expected " + expected, errorFor(seedWith(entry, value)));
  }

  @Test
  void tagMayOnlyUseVariablesOfTheRulePath() {
    assertEquals(
        "invalidate.new-post.tags = \"user-{user_id}\": {user_id} is not a path variable; a tag can only use those",
        errorFor(seedWith("invalidate.new-post.tags", "user-{user_id}")));
  }

  @ParameterizedTest(name = "tag header {0}")
  @CsvSource({"Cache-Tag", "Surrogate-Key", "x-cache-tags", "Edge_Tag.v2"})
  void tagHeaderIsAnyHeaderName(String name) {
    assertEquals(name, ConfigParser.parse(seedWith("cache.tag-header", name)).tagHeader());
  }

  @ParameterizedTest(name = "tag header \"{0}\"")
  @CsvSource({"Cache Tag", "Cache:Tag", "Tag(1)", "''", "'Cache-Tag,Other'", "Tägs"})
  void tagHeaderThatIsNotAHeaderNameIsRejected(String name) {
    assertEquals("cache.tag-header = \"" + name + "\": expected a header name such as Cache-Tag or Surrogate-Key",
        errorFor(seedWith("cache.tag-header", name)));
  }

  @ParameterizedTest(name = "fence {0} -> {1} ms")
  @CsvSource({"60s, 60000", "250ms, 250", "PT2M, 120000", "1h, 3600000"})
  void invalidationFenceIsADuration(String value, long millis) {
    assertEquals(Duration.ofMillis(millis),
        ConfigParser.parse(seedWith("cache.invalidation-fence", value)).invalidationFence());
  }

  @ParameterizedTest(name = "fence \"{0}\"")
  @CsvSource({"0s", "-1m", "5x", "60", "''", "forever"})
  void invalidationFenceMustBeAPositiveDuration(String value) {
    assertEquals("cache.invalidation-fence = \"" + value
            + "\": expected a positive duration such as 250ms, 30s, 5m, 1h, 1d or PT2M",
        errorFor(seedWith("cache.invalidation-fence", value)));
  }

  @ParameterizedTest(name = "journal size \"{0}\"")
  @CsvSource({"0", "-1", "many", "1.5", "''", "99999999999"})
  void journalSizeMustBeAPositiveWholeNumber(String value) {
    assertEquals("cache.invalidation-journal-size = \"" + value + "\": expected a positive whole number such as 100",
        errorFor(seedWith("cache.invalidation-journal-size", value)));
  }
}
