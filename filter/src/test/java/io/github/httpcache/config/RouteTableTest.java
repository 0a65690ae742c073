package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.invalidate.InvalidationPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableTest {
  private static final List<Route> ROUTES = List.of(
      route("user", "/api/users/{id}"),
      route("me", "/api/users/me"),
      route("user-posts", "/api/users/{id}/posts"),
      route("posts", "/api/posts/"));

  private static final List<InvalidationRule> RULES = List.of(
      rule("user-update", "PUT", "/api/users/{id}", "GET:/api/users/{id}", "GET:/api/users/{id}/posts"),
      rule("user-delete", "DELETE", "/api/users/{id}", "GET:/api/users/{id}"),
      rule("post-create", "POST", "/api/posts/", "GET:/api/posts/"),
      rule("post-create-feed", "POST", "/api/posts/", "GET:/api/feed"));

  private static final RouteTable TABLE = new RouteTable(ROUTES, RULES);

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # path              | route      | variables
      /api/users/me       | me         |
      /api/users/7        | user       | id=7
      /api/users/7/posts  | user-posts | id=7
      /api/users/me/posts | user-posts | id=me
      /api/posts/         | posts      |
      /api/posts          |            |
      /api/other          |            |
      """)
  void pathIsMatchedToTheMostLiteralRoute(String path, String routeName, String variables) {
    Optional<RouteTable.RouteMatch> match = TABLE.route(path);

    assertEquals(Optional.ofNullable(routeName), match.map(m -> m.route().name()));
    match.ifPresent(m -> assertEquals(parseVariables(variables), m.variables()));
  }

  @Test
  void literalRouteWinsWhateverTheDeclarationOrder() {
    List<Route> reversed = new ArrayList<>(ROUTES);
    Collections.reverse(reversed);

    RouteTable table = new RouteTable(reversed, List.of());

    assertEquals("me", table.route("/api/users/me").orElseThrow().route().name());
  }

  @ParameterizedTest(name = "{0} {1} invalidates [{2}]")
  @CsvSource(delimiter = '|', textBlock = """
      # method | path          | keys, space-separated, in rule order
      PUT      | /api/users/7  | GET:/api/users/7 GET:/api/users/7/posts
      DELETE   | /api/users/42 | GET:/api/users/42
      POST     | /api/posts/   | GET:/api/posts/ GET:/api/feed
      POST     | /api/posts    |
      PUT      | /api/users/   |
      PUT      | /api/users/me/posts |
      PATCH    | /api/users/7  |
      GET      | /api/users/7  |
      put      | /api/users/7  |
      """)
  void writeInvalidatesTheKeysOfItsRulesFilledFromPathVariables(String method, String path, String keys) {
    List<String> expected = keys == null ? List.of() : Arrays.asList(keys.split(" "));

    assertEquals(expected, keysInvalidatedBy(TABLE, method, path));
  }

  @ParameterizedTest(name = "rules for {0}: {1}")
  @CsvSource({"PUT, true", "POST, true", "DELETE, true", "PATCH, false", "GET, false", "put, false"})
  void hasRulesForOnlyTheMethodsOfItsRules(String method, boolean expected) {
    assertEquals(expected, TABLE.hasRulesFor(method));
  }

  private static Route route(String name, String path) {
    return new Route(name, PathTemplate.compile("route." + name + ".path", path), Duration.ofSeconds(60));
  }

  private static InvalidationRule rule(String name, String method, String path, String... keys) {
    PathTemplate template = PathTemplate.compile("invalidate." + name + ".path", path);
    return new InvalidationRule(name, method, template,
        Arrays.stream(keys).map(k -> KeyTemplate.compile("invalidate." + name + ".keys", k, KeyTemplate.Kind.KEY,
            template.variables())).toList(), List.of(), List.of());
  }

  private static Map<String, String> parseVariables(String variables) {
    Map<String, String> parsed = new LinkedHashMap<>();
    if (variables != null) {
      for (String pair : variables.split(";")) {
        int equals = pair.indexOf('=');
        parsed.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
    }
    return parsed;
  }

  /** The keys a successful write without query parameters invalidates, as the invalidation policy plans them. */
  private static List<String> keysInvalidatedBy(RouteTable table, String method, String path) {
    return new InvalidationPolicy(table).planFor(method, path, List.of(), 200).keys();
  }
}
