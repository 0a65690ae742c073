package io.github.httpcache.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.config.RouteTable;
import io.github.httpcache.config.RouteTable.RouteMatch;
import io.github.httpcache.policy.RequestFacts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keys of routes with a key template (the second seed's {@code key_prefix}), and of routes without one. */
class CacheKeysTemplateTest {
  private static final RouteTable ROUTES = ConfigParser.parse(Map.of(
      "route.user-posts.path", "/api/users/{username}/posts",
      "route.user-posts.ttl", "5m",
      "route.user-posts.key", "{username}_posts:page_{page:1}:items_per_page_{items_per_page:10}",
      "route.stats.path", "/api/stats",
      "route.stats.ttl", "5m",
      "route.stats.key", "user_stats:{user_id}",
      "route.posts.path", "/api/posts/",
      "route.posts.ttl", "90s")).routeTable();

  private static Optional<String> keyOf(String path, String rawQuery, Optional<String> user) {
    RouteMatch match = ROUTES.route(path).orElseThrow();
    RequestFacts request = new RequestFacts("GET", path, QueryString.parse(rawQuery), Map.of(), user);
    return CacheKeys.logicalKey(request, match.route(), match.variables());
  }

  private static Optional<String> keyOf(String path, String rawQuery) {
    return keyOf(path, rawQuery, Optional.empty());
  }

  @ParameterizedTest(name = "{0}?{1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "(null)", textBlock = """
      # path                   | raw query                     | logical key
      /api/users/john/posts    | (null)                        | john_posts:page_1:items_per_page_10
      /api/users/john/posts    | page=2                        | john_posts:page_2:items_per_page_10
      /api/users/john/posts    | items_per_page=50&page=3      | john_posts:page_3:items_per_page_50
      /api/users/john/posts    | page=2&page=9                 | john_posts:page_2:items_per_page_10
      /api/users/john/posts    | page=2&sort=new&nocache=false | john_posts:page_2:items_per_page_10
      /api/users/john/posts    | username=mallory              | john_posts:page_1:items_per_page_10
      /api/users/j d/posts     | page=a+b                      | j d_posts:page_a b:items_per_page_10
      /api/users/a?b/posts     | (null)                        | a%3Fb_posts:page_1:items_per_page_10
      /api/stats               | user_id=7                     | user_stats:7
      """)
  void templateIsFilledFromPathVariablesThenQueryThenDefaults(String path, String rawQuery, String key) {
    assertEquals(Optional.of(key), keyOf(path, rawQuery));
  }

  @ParameterizedTest(name = "/api/stats?{0} has no key")
  @CsvSource(delimiter = '|', nullValues = "(null)", textBlock = """
      # raw query
      (null)
      userid=7
      USER_ID=7
      """)
  void placeholderWithoutValueOrDefaultGivesNoKey(String rawQuery) {
    assertEquals(Optional.empty(), keyOf("/api/stats", rawQuery));
  }

  @Test
  void emptyQueryValueFillsThePlaceholder() {
    assertEquals(Optional.of("user_stats:"), keyOf("/api/stats", "user_id="));
  }

  @ParameterizedTest(name = "user \"{1}\" on ?{0} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # raw query | user        | logical key
      user_id=7   | alice       | user_stats:7#user=alice
      user_id=7   | a b#c       | user_stats:7#user=a%20b%23c
      """)
  void perUserSuffixIsStillAppended(String rawQuery, String user, String key) {
    assertEquals(Optional.of(key), keyOf("/api/stats", rawQuery, Optional.of(user)));
  }

  /** A value is escaped as a path is, so a query cannot forge another user's per-user key. */
  @Test
  void valueCannotForgeAUserPart() {
    assertNotEquals(keyOf("/api/stats", "user_id=7", Optional.of("bob")), keyOf("/api/stats", "user_id=7%23user%3Dbob"));
  }

  @Test
  void valueIsEscapedAsInKeys() {
    assertEquals(Optional.of("user_stats:7%23user=bob%3F%25"), keyOf("/api/stats", "user_id=7%23user%3Dbob%3F%25"));
  }

  @ParameterizedTest(name = "{0}?{1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "(null)", textBlock = """
      # path        | raw query        | logical key
      /api/posts/   | (null)           | GET:/api/posts/
      /api/posts/   | b=2&a=1          | GET:/api/posts/?a=1&b=2
      /api/posts/   | b=2&a=2&a=1      | GET:/api/posts/?a=2&a=1&b=2
      """)
  void routeWithoutATemplateUsesTheDerivedKey(String path, String rawQuery, String key) {
    assertEquals(Optional.of(key), keyOf(path, rawQuery));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # raw query              | first values
      b=2&a=1&b=3              | {a=1, b=2}
      a                        | {a=}
      ''                       | {}
      """)
  void firstValuesKeepsEachParametersFirstValue(String rawQuery, String values) {
    assertEquals(values, new TreeMap<>(CacheKeys.firstValues(QueryString.parse(rawQuery))).toString());
  }

  @Test
  void firstValuesOfNoParametersIsEmpty() {
    assertEquals(Map.of(), CacheKeys.firstValues(List.of()));
  }
}
