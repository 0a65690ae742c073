package io.github.httpcache.invalidate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.key.QueryString;
import io.github.httpcache.store.InvalidationPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvalidationPolicyTest {
  private static final InvalidationPolicy POLICY = new InvalidationPolicy(ConfigParser.parse(Map.of(
      "route.user.path", "/api/users/{id}",
      "route.user.ttl", "120s",
      "invalidate.user-update.method", "PUT",
      "invalidate.user-update.path", "/api/users/{id}",
      "invalidate.user-update.keys", "GET:/api/users/{id}")).routeTable());

  /** The second seed's invalidations, plus a second rule on the profile path that overlaps the first. */
  private static final InvalidationPolicy SEED = new InvalidationPolicy(ConfigParser.parse(Map.ofEntries(
      Map.entry("invalidate.new-post.method", "POST"),
      Map.entry("invalidate.new-post.path", "/api/posts"),
      Map.entry("invalidate.new-post.keys", "user_posts:{user_id}, latest_posts:global, user_stats:{user_id}"),
      Map.entry("invalidate.new-post.query", "user_id"),
      Map.entry("invalidate.profile.method", "PUT"),
      Map.entry("invalidate.profile.path", "/api/users/{user_id}/profile"),
      Map.entry("invalidate.profile.patterns", "user_{user_id}_*, *_user_{user_id}_*, search_results_*"),
      Map.entry("invalidate.profile.tags", "user-{user_id}"),
      Map.entry("invalidate.profile-page.method", "PUT"),
      Map.entry("invalidate.profile-page.path", "/api/users/{user_id}/profile"),
      Map.entry("invalidate.profile-page.keys", "GET:/api/users/{user_id}, GET:/api/users/{user_id}/posts?page={page}"),
      Map.entry("invalidate.profile-page.patterns", "search_results_*, user_{user_id}_*"),
      Map.entry("invalidate.profile-page.query", "page"),
      Map.entry("invalidate.profile-page.tags", "profiles, user-{user_id}"))).routeTable());

  private static String plan(String method, String path, String rawQuery, int status) {
    return SEED.planFor(method, path, QueryString.parse(rawQuery), status).toString();
  }

  @ParameterizedTest(name = "PUT answered {0} invalidates")
  @CsvSource({"200", "201", "202", "204", "301", "303", "307", "399"})
  void successfulOrRedirectedWriteInvalidates(int status) {
    assertEquals(List.of("GET:/api/users/1"), POLICY.planFor("PUT", "/api/users/1", List.of(), status).keys());
  }

  @ParameterizedTest(name = "PUT answered {0} invalidates nothing")
  @CsvSource({"100", "199", "400", "401", "404", "409", "500", "503"})
  void failedWriteInvalidatesNothing(int status) {
    assertEquals(List.of(), POLICY.planFor("PUT", "/api/users/1", List.of(), status).keys());
  }

  @ParameterizedTest(name = "{0} {1} answered {2}")
  @CsvSource({
    "PUT,  /api/users/5/profile, 200, 'keys [GET:/api/users/5] patterns [user_5_*, *_user_5_*, search_results_*,"
        + " GET:/api/users/5/posts\\?page=*] tags [user-5, profiles]'",
    "PUT,  /api/users/5/profile, 303, 'keys [GET:/api/users/5] patterns [user_5_*, *_user_5_*, search_results_*,"
        + " GET:/api/users/5/posts\\?page=*] tags [user-5, profiles]'",
    "PUT,  /api/users/5/profile, 400, 'keys [] patterns [] tags []'",
    "PUT,  /api/users/5/profile, 500, 'keys [] patterns [] tags []'",
    "POST, /api/posts,           201, 'keys [latest_posts:global] patterns [user_posts:*, user_stats:*] tags []'",
    "POST, /api/posts,           404, 'keys [] patterns [] tags []'",
  })
  void wholePlanIsMadeOnlyForASuccessfulOrRedirectedWrite(String method, String path, int status, String plan) {
    assertEquals(plan, plan(method, path, "", status));
  }

  @ParameterizedTest(name = "answered {0}: empty plan")
  @CsvSource({"100", "400", "404", "500"})
  void failedWriteGivesAnEmptyPlan(int status) {
    assertTrue(SEED.planFor("POST", "/api/posts", QueryString.parse("user_id=5"), status).isEmpty());
  }

  @ParameterizedTest(name = "{0} {1}?{2} -> {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # method | path                    | raw query              | keys
      PUT      | /api/users/5/profile    | ''                     | [GET:/api/users/5]
      PUT      | /api/users/5/profile    | page=2                 | [GET:/api/users/5, GET:/api/users/5/posts?page=2]
      POST     | /api/posts              | user_id=5              | [user_posts:5, latest_posts:global, user_stats:5]
      POST     | /api/posts              | user_id=5&user_id=6    | [user_posts:5, latest_posts:global, user_stats:5]
      POST     | /api/posts              | user_id=a%3Fb          | [user_posts:a%3Fb, latest_posts:global, user_stats:a%3Fb]
      """)
  void keysAreFilledFromPathVariablesAndQuery(String method, String path, String rawQuery, String keys) {
    assertEquals(keys, SEED.planFor(method, path, QueryString.parse(rawQuery), 200).keys().toString());
  }

  @ParameterizedTest(name = "{0} {1}?{2} -> patterns {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # method | path                    | raw query     | patterns
      POST     | /api/posts              | ''            | [user_posts:*, user_stats:*]
      POST     | /api/posts              | other=1       | [user_posts:*, user_stats:*]
      POST     | /api/posts              | user_id=5     | []
      """)
  void keyThatCannotBeFilledBecomesAPatternWithAStar(String method, String path, String rawQuery, String patterns) {
    assertEquals(patterns, SEED.planFor(method, path, QueryString.parse(rawQuery), 200).patterns().toString());
  }

  @ParameterizedTest(name = "user {0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # user_id in the path | patterns of the profile rule
      5                     | [user_5_*, *_user_5_*, search_results_*]
      a*b                   | [user_a\\*b_*, *_user_a\\*b_*, search_results_*]
      [x]                   | [user_\\[x\\]_*, *_user_\\[x\\]_*, search_results_*]
      a?b#c                 | [user_a%3Fb%23c_*, *_user_a%3Fb%23c_*, search_results_*]
      """)
  void patternsAreFilledWithEscapedValues(String userId, String patterns) {
    List<String> planned = SEED.planFor("PUT", "/api/users/" + userId + "/profile", List.of(), 200).patterns();

    assertEquals(patterns, planned.subList(0, 3).toString());
  }

  @ParameterizedTest(name = "user {0} -> tags {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # user_id in the path | tags
      5                     | [user-5, profiles]
      alice                 | [user-alice, profiles]
      """)
  void tagsAreFilledFromPathVariables(String userId, String tags) {
    assertEquals(tags, SEED.planFor("PUT", "/api/users/" + userId + "/profile", List.of(), 200).tags().toString());
  }

  /** Both profile rules name {@code user_{user_id}_*}, {@code search_results_*} and {@code user-{user_id}}. */
  @ParameterizedTest(name = "{0} listed once")
  @CsvSource({"patterns", "tags", "keys"})
  void matchingRulesAreMergedWithoutDuplicates(String part) {
    InvalidationPlan plan = SEED.planFor("PUT", "/api/users/5/profile", QueryString.parse("page=1"), 200);
    List<String> listed = switch (part) {
      case "patterns" -> plan.patterns();
      case "tags" -> plan.tags();
      default -> plan.keys();
    };

    assertEquals(listed.stream().distinct().toList(), listed);
  }

  @ParameterizedTest(name = "{0} {1} matches no rule")
  @CsvSource({"GET, /api/posts", "DELETE, /api/posts", "POST, /api/posts/1", "PUT, /api/users/5"})
  void writeMatchingNoRulePlansNothing(String method, String path) {
    assertTrue(SEED.planFor(method, path, List.of(), 200).isEmpty());
  }

  @ParameterizedTest(name = "{0} may invalidate: {1}")
  @CsvSource({"PUT, true", "POST, false", "DELETE, false", "GET, false"})
  void onlyMethodsWithRulesMayInvalidate(String method, boolean may) {
    assertEquals(may, POLICY.mayInvalidate(method));
  }

  /** RFC 9111 §4.4 on freshness=origin routes; the legacy route keeps only its rules. */
  private static final InvalidationPolicy ORIGIN = new InvalidationPolicy(ConfigParser.parse(Map.of(
      "cache.freshness", "origin",
      "route.all.path", "/**",
      "route.legacy.path", "/legacy/{name}",
      "route.legacy.ttl", "60s",
      "route.legacy.freshness", "route")).routeTable());

  @ParameterizedTest(name = "{0} is unsafe and may invalidate")
  @CsvSource({"POST", "PUT", "DELETE", "PATCH", "FROBNICATE"})
  void section4_4_everyUnsafeMethodMayInvalidateOnOriginRoutes(String method) {
    assertTrue(ORIGIN.mayInvalidate(method));
    assertTrue(!POLICY.mayInvalidate(method) || method.equals("PUT"), "route-mode tables only buffer their rules' methods");
  }

  @ParameterizedTest(name = "{0} is safe")
  @CsvSource({"GET", "HEAD", "OPTIONS", "TRACE"})
  void section4_4_safeMethodsNeverInvalidate(String method) {
    assertTrue(!ORIGIN.mayInvalidate(method));
    assertEquals(List.of(), ORIGIN.planFor(method, "/a", List.of(), 200, List.of()).keys());
  }

  @Test
  void section4_4_aWriteInvalidatesItsTargetAndItsLocations() {
    InvalidationPlan plan = ORIGIN.planFor("POST", "/items", QueryString.parse("b=2&a=1"), 201, List.of(
        new InvalidationPolicy.Target("/items/7", List.of()),
        new InvalidationPolicy.Target("/legacy/x", List.of())));

    assertEquals(List.of("GET:/items?a=1&b=2", "GET:/items/7"), plan.keys(),
        "the target URI and the Location on an origin route; the route-mode /legacy keeps to its rules");
  }

  @ParameterizedTest(name = "answered {0}: nothing")
  @CsvSource({"400", "404", "409", "500"})
  void section4_4_anErrorResponseInvalidatesNothing(int status) {
    assertEquals(List.of(), ORIGIN.planFor("DELETE", "/items/7", List.of(), status,
        List.of(new InvalidationPolicy.Target("/items", List.of()))).keys());
  }
}
