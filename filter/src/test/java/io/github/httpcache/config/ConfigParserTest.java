package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.invalidate.InvalidationPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigParserTest {
  private static final String ROUTE_SHAPE =
      "route.<name>.cookies|freshness|hosts|inputs|inputs.ignore|key|max-body-size|max-keys|other-query|path|per-user"
          + "|query|resource-id|stale-if-error|stale-while-revalidate|strip-set-cookie|ttl|vary";
  private static final String RULE_SHAPE = "invalidate.<name>.keys|method|path|patterns|query|tags";

  /** The demo's {@code http-cache.properties}. */
  private static Map<String, String> demo() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("route.user.path", "/api/users/{id}");
    entries.put("route.user.ttl", "120s");
    entries.put("route.posts.path", "/api/posts/");
    entries.put("route.posts.ttl", "90s");
    entries.put("invalidate.user-update.method", "PUT");
    entries.put("invalidate.user-update.path", "/api/users/{id}");
    entries.put("invalidate.user-update.keys", "GET:/api/users/{id}");
    entries.put("invalidate.post-create.method", "POST");
    entries.put("invalidate.post-create.path", "/api/posts/");
    entries.put("invalidate.post-create.keys", "GET:/api/posts/");
    return entries;
  }

  private static Map<String, String> demoWith(String key, String value) {
    Map<String, String> entries = demo();
    entries.put(key, value);
    return entries;
  }

  private static Map<String, String> demoWithout(String key) {
    Map<String, String> entries = demo();
    entries.remove(key);
    return entries;
  }

  private static String errorFor(Map<String, String> entries) {
    return assertThrows(ConfigException.class, () -> ConfigParser.parse(entries)).getMessage();
  }

  @Test
  void demoConfigurationDeclaresBothRoutesWithTheirTtls() {
    RouteTable table = ConfigParser.parse(demo()).routeTable();

    assertEquals(
        Map.of("user", Duration.ofSeconds(120), "posts", Duration.ofSeconds(90)),
        table.routes().stream().collect(Collectors.toMap(Route::name, Route::ttl)));
  }

  @ParameterizedTest(name = "{0} -> route {1}")
  @CsvSource({"/api/users/1, user", "/api/users/2, user", "/api/posts/, posts"})
  void demoConfigurationRoutesTheSeedEndpoints(String path, String route) {
    RouteTable table = ConfigParser.parse(demo()).routeTable();

    assertEquals(route, table.route(path).orElseThrow().route().name());
  }

  @ParameterizedTest(name = "{0} {1} invalidates {2}")
  @CsvSource({"PUT, /api/users/1, GET:/api/users/1", "POST, /api/posts/, GET:/api/posts/"})
  void demoConfigurationInvalidatesWhatTheSeedWritesChange(String method, String path, String key) {
    RouteTable table = ConfigParser.parse(demo()).routeTable();

    assertEquals(List.of(key), keysInvalidatedBy(table, method, path));
  }

  @Test
  void everySettingIsRead() {
    Map<String, String> entries = demo();
    entries.put("redis.url", "rediss://app:pw@cache.example.com:6380/2");
    entries.put("redis.timeout", "250ms");
    entries.put("redis.breaker.failures", "3");
    entries.put("redis.breaker.open-for", "PT10S");
    entries.put("cache.namespace", "app1:cache:");
    entries.put("cache.max-body-size", "512KiB");
    entries.put("cache.compression", "off");
    entries.put("cache.compression-min-size", "4KiB");
    entries.put("cache.tag-header", "Surrogate-Key");
    entries.put("cache.invalidation-fence", "2m");
    entries.put("cache.invalidation-journal-size", "500");
    entries.put("admin.token", "t0ken");
    entries.put("metrics.top-keys", "20");

    CacheSettings settings = ConfigParser.parse(entries);

    assertAll(
        () -> assertEquals("rediss://app:pw@cache.example.com:6380/2", settings.redisUrl()),
        () -> assertEquals(Duration.ofMillis(250), settings.redisTimeout()),
        () -> assertEquals(3, settings.breakerFailureThreshold()),
        () -> assertEquals(Duration.ofSeconds(10), settings.breakerOpenDuration()),
        () -> assertEquals("app1:cache:", settings.namespace()),
        () -> assertEquals(512 * 1024, settings.maxBodySize()),
        () -> assertFalse(settings.compression()),
        () -> assertEquals(4 * 1024, settings.compressionMinSize()),
        () -> assertEquals("Surrogate-Key", settings.tagHeader()),
        () -> assertEquals(Duration.ofMinutes(2), settings.invalidationFence()),
        () -> assertEquals(500, settings.journalSize()),
        () -> assertEquals("t0ken", settings.adminToken()),
        () -> assertEquals(20, settings.topKeysCapacity()));
  }

  @Test
  void absentKeysTakeTheirDefaults() {
    CacheSettings settings = ConfigParser.parse(Map.of());

    assertAll(
        () -> assertEquals("redis://127.0.0.1:6379", settings.redisUrl()),
        () -> assertEquals(Duration.ofMillis(100), settings.redisTimeout()),
        () -> assertEquals(5, settings.breakerFailureThreshold()),
        () -> assertEquals(Duration.ofSeconds(5), settings.breakerOpenDuration()),
        () -> assertEquals("http-cache:", settings.namespace()),
        () -> assertEquals(1024 * 1024, settings.maxBodySize()),
        () -> assertTrue(settings.compression()),
        () -> assertEquals(1024, settings.compressionMinSize()),
        () -> assertEquals("Cache-Tag", settings.tagHeader()),
        () -> assertEquals(Duration.ofSeconds(60), settings.invalidationFence()),
        () -> assertEquals(10_000, settings.journalSize()),
        () -> assertFalse(settings.hasAdminToken()),
        () -> assertEquals(100, settings.topKeysCapacity()),
        () -> assertEquals(List.of(), settings.routeTable().routes()),
        () -> assertEquals(List.of(), settings.routeTable().rules()));
  }

  @Test
  void surroundingWhitespaceInKeysAndValuesIsIgnored() {
    CacheSettings settings = ConfigParser.parse(
        Map.of(" route.user.path ", " /api/users/{id} ", "route.user.ttl", " 120s ", "redis.timeout", " 250ms "));

    assertAll(
        () -> assertEquals(Duration.ofMillis(250), settings.redisTimeout()),
        () -> assertEquals(Duration.ofSeconds(120), settings.routeTable().routes().get(0).ttl()),
        () -> assertTrue(settings.routeTable().route("/api/users/1").isPresent()));
  }

  @Test
  void configFileKeyIsAcceptedBesideTheSettings() {
    CacheSettings settings = ConfigParser.parse(demoWith("config.file", "classpath:http-cache.properties"));

    assertEquals(2, settings.routeTable().routes().size());
  }

  @ParameterizedTest(name = "{0} is unknown")
  @CsvSource({"redis.host", "cache.ttl", "routes.user.path", "metrics.topkeys", "REDIS_URL", "admin"})
  void unknownKeyIsRejectedListingTheKnownKeys(String key) {
    assertEquals(
        key + " = \"x\": unknown key; expected one of [admin.token, cache.coalesce-wait, cache.compression,"
            + " cache.compression-min-size, cache.fill-lease, cache.fill-memory, cache.forward-targeted-fields,"
            + " cache.freshness, cache.heuristic-freshness, cache.heuristic-max, cache.hosts,"
            + " cache.invalidation-fence, cache.invalidation-journal-size, cache.max-body-size, cache.max-keys,"
            + " cache.namespace, cache.near-cache.max-age,"
            + " cache.near-cache.max-size, cache.revalidation-window, cache.tag-header, cache.targeted-fields,"
            + " metrics.jmx-domain,"
            + " metrics.top-keys, redis.breaker.failures, redis.breaker.open-for, redis.cluster-nodes, redis.config-file,"
            + " redis.invalidation-replicas, redis.invalidation-wait, redis.max-connections, redis.pause-wait, redis.sentinel-master, redis.sentinel-nodes, redis.timeout,"
            + " redis.tls.truststore, redis.tls.truststore-password,"
            + " redis.url, servlets.admin-path, servlets.metrics-path, servlets.prometheus-path],"
            + " route.<name>.<field> or invalidate.<name>.<field>",
        errorFor(demoWith(key, "x")));
  }

  @ParameterizedTest(name = "{0} is malformed")
  @CsvSource({
    "route.user.colour,   " + ROUTE_SHAPE,
    "route.user.maxkeys,  " + ROUTE_SHAPE,
    "route.path,          " + ROUTE_SHAPE,
    "route..path,         " + ROUTE_SHAPE,
    "route.my route.path, " + ROUTE_SHAPE,
    "route.a.b.path,      " + ROUTE_SHAPE,
    "invalidate.x.ttl,    " + RULE_SHAPE,
    "invalidate.keys,     " + RULE_SHAPE,
    "invalidate.x.pattern, " + RULE_SHAPE,
  })
  void malformedRouteOrRuleKeyIsRejectedNamingTheExpectedShape(String key, String shape) {
    assertEquals(
        key + " = \"x\": expected " + shape + " with a name of letters, digits, - or _",
        errorFor(demoWith(key, "x")));
  }

  @ParameterizedTest(name = "invalidation wait \"{0}\" is {1} ms")
  @CsvSource({"0, 0", "0s, 0", "250ms, 250", "5s, 5000", "PT1M, 60000"})
  void invalidationWaitMayBeZero(String value, long millis) {
    assertEquals(millis, ConfigParser.parse(demoWith("redis.invalidation-wait", value)).invalidationWait().toMillis());
  }

  @ParameterizedTest(name = "invalidation wait \"{0}\" is rejected")
  @CsvSource({"-1s", "-PT5S", "soon", "5"})
  void invalidationWaitMustNotBeNegative(String value) {
    assertEquals("redis.invalidation-wait = \"" + value
        + "\": expected 0 (off) or a positive duration such as 250ms, 5s, 1m or PT2M",
        errorFor(demoWith("redis.invalidation-wait", value)));
  }

  @ParameterizedTest(name = "pause wait \"{0}\" with timeout \"{1}\" is {2} ms")
  @CsvSource({"'', 100ms, 0", "'', 1s, 0", "0, 100ms, 0", "400ms, 100ms, 400", "2s, 1s, 2000"})
  void pauseWaitIsOffUnlessSet(String value, String timeout, long millis) {
    Map<String, String> entries = new java.util.HashMap<>(demoWith("redis.timeout", timeout));
    if (!value.isEmpty()) {
      entries.put("redis.pause-wait", value);
    }
    assertEquals(millis, ConfigParser.parse(entries).pauseWait().toMillis());
  }

  @ParameterizedTest(name = "pause wait \"{0}\" is rejected")
  @CsvSource({"-1s", "later"})
  void pauseWaitMustNotBeNegative(String value) {
    assertEquals("redis.pause-wait = \"" + value
        + "\": expected 0 (off) or a positive duration such as 250ms, 5s, 1m or PT2M",
        errorFor(demoWith("redis.pause-wait", value)));
  }

  @ParameterizedTest(name = "ttl \"{0}\" is rejected")
  @CsvSource({"5x", "0s", "-1s", "PT0S", "-PT5S", "1.5m", "forever"})
  void routeTtlMustBeAPositiveDuration(String ttl) {
    assertEquals(
        "route.users.ttl = \"" + ttl + "\": expected a positive duration such as 250ms, 30s, 5m, 1h, 1d or PT2M",
        errorFor(Map.of("route.users.path", "/api/users/{id}", "route.users.ttl", ttl)));
  }

  @ParameterizedTest(name = "{0} = \"{1}\" alone")
  @CsvSource(delimiter = '|', textBlock = """
      # only entry       | value | message
      route.users.ttl    | 30s   | route.users.path = "": missing; route.users needs it: a path such as /api/users/{id}
      route.users.path   | /u    | route.users.ttl = "": missing; route.users needs it: a duration such as 30s, 5m or PT2M
      """)
  void routeNeedsBothPathAndTtl(String key, String value, String message) {
    assertEquals(message, errorFor(Map.of(key, value)));
  }

  @ParameterizedTest(name = "empty {0}")
  @CsvSource(delimiter = '|', textBlock = """
      # empty entry      | message
      route.user.path    | route.user.path = "": missing; route.user needs it: a path such as /api/users/{id}
      route.user.ttl     | route.user.ttl = "": missing; route.user needs it: a duration such as 30s, 5m or PT2M
      """)
  void emptyRoutePathOrTtlCountsAsMissing(String key, String message) {
    assertEquals(message, errorFor(demoWith(key, "  ")));
  }

  @ParameterizedTest(name = "{0} and {1} conflict")
  @CsvSource({"/a/{x}, /a/{y}", "/a/{x}/b, /a/{y}/b", "/a/, /a/", "/api/users/{id}, /api/users/{userId}"})
  void routesWithTheSameShapeConflict(String first, String second) {
    Map<String, String> entries = Map.of(
        "route.a.path", first, "route.a.ttl", "30s",
        "route.b.path", second, "route.b.ttl", "30s");

    assertEquals(
        "route.b.path = \"" + second + "\": conflicts with route.a.path, which matches the same requests",
        errorFor(entries));
  }

  @ParameterizedTest(name = "{0} and {1} coexist")
  @CsvSource({"/api/users/{id}, /api/users/me", "/api/posts/, /api/posts", "/a/{x}, /a/{x}/b"})
  void routesOfDifferentShapesCoexist(String first, String second) {
    Map<String, String> entries = Map.of(
        "route.a.path", first, "route.a.ttl", "30s",
        "route.b.path", second, "route.b.ttl", "30s");

    assertEquals(2, ConfigParser.parse(entries).routeTable().routes().size());
  }

  @ParameterizedTest(name = "keys \"{0}\" is rejected")
  @CsvSource(delimiter = '|', textBlock = """
      # keys                                  | offending key
      GET /api/users/{id}                     | GET /api/users/{id}
      GET:/api/users/{id},,GET:/api/posts/    | ''
      """)
  void invalidationKeysAreLogicalKeysWithoutSpaces(String keys, String offending) {
    assertEquals(
        "invalidate.user-update.keys = \"" + offending
            + "\": expected a logical key such as GET:/api/users/{id}, without spaces",
        errorFor(demoWith("invalidate.user-update.keys", keys)));
  }

  @Test
  void invalidationRuleMayListSeveralKeys() {
    RouteTable table = ConfigParser.parse(
        demoWith("invalidate.user-update.keys", "GET:/api/users/{id}, GET:/api/posts/")).routeTable();

    assertEquals(List.of("GET:/api/users/3", "GET:/api/posts/"), keysInvalidatedBy(table, "PUT", "/api/users/3"));
  }

  @ParameterizedTest(name = "method \"{0}\" is rejected")
  @CsvSource({"put", "Put", "GET", "HEAD", "OPTIONS", "TRACE", "P UT", "1PUT", "'PUT,POST'"})
  void invalidationMethodMustBeAnUnsafeMethodInCapitals(String method) {
    assertEquals(
        "invalidate.user-update.method = \"" + method
            + "\": expected an unsafe HTTP method in capitals, such as PUT, POST, PATCH or DELETE",
        errorFor(demoWith("invalidate.user-update.method", method)));
  }

  @ParameterizedTest(name = "method {0} is accepted")
  @CsvSource({"PUT", "POST", "PATCH", "DELETE", "PROPPATCH"})
  void unsafeMethodsAreAcceptedForInvalidation(String method) {
    RouteTable table = ConfigParser.parse(demoWith("invalidate.user-update.method", method)).routeTable();

    assertTrue(table.hasRulesFor(method));
  }

  @ParameterizedTest(name = "without {0}")
  @CsvSource(delimiter = '|', textBlock = """
      # missing field                   | needs
      invalidate.user-update.method     | PUT, POST, PATCH or DELETE
      invalidate.user-update.path       | a path such as /api/users/{id}
      """)
  void invalidationRuleNeedsMethodAndPath(String missing, String needs) {
    assertEquals(
        missing + " = \"\": missing; invalidate.user-update needs it: " + needs,
        errorFor(demoWithout(missing)));
  }

  @ParameterizedTest(name = "{0} is accepted")
  @CsvSource({
    "redis://127.0.0.1:6379",
    "redis://localhost",
    "redis://cache:6379/",
    "redis://cache:6379/15",
    "rediss://cache.example.com:6380",
    "redis://user:secret@cache:6379/2",
    "redis://:secret@cache:6379",
  })
  void redisUrlWithRedisSchemeHostAndOptionalDatabaseIsAccepted(String url) {
    assertEquals(url, ConfigParser.parse(demoWith("redis.url", url)).redisUrl());
  }

  @ParameterizedTest(name = "{0} is rejected")
  @CsvSource({
    "http://127.0.0.1:6379",
    "tcp://127.0.0.1:6379",
    "127.0.0.1:6379",
    "redis://127.0.0.1:6379/abc",
    "redis://127.0.0.1:6379/0/1",
    "redis://127.0.0.1:6379?database=1",
    "redis:///0",
    "redis://cache:6379/ 1",
    "''",
  })
  void redisUrlWithWrongSchemeOrNonNumericDatabaseIsRejected(String url) {
    assertEquals(
        "redis.url = \"" + url + "\": expected redis://host:port or rediss://host:port,"
            + " optionally with user:password@ and /database",
        errorFor(demoWith("redis.url", url)));
  }

  @ParameterizedTest(name = "{0} is reported as {1}")
  @CsvSource({
    "http://user:secret@cache:6379,      http://user:****@cache:6379,      secret",
    "redis://user:p@ss@cache:port,       redis://user:****@cache:port,     p@ss",
    "redis://user:secret@my_cache:6379/x, redis://user:****@my_cache:6379/x, secret",
    "redis://user:sec ret@cache:6379?a=1, redis://user:****@cache:6379?a=1, sec ret",
    "redis://secret@cache:6379/x,        redis://****@cache:6379/x,        secret",
  })
  void rejectedRedisUrlIsReportedWithItsPasswordMasked(String url, String masked, String secret) {
    String message = errorFor(demoWith("redis.url", url));

    assertAll(
        () -> assertTrue(message.startsWith("redis.url = \"" + masked + "\": "), message),
        () -> assertFalse(message.contains(secret), message));
  }

  @ParameterizedTest(name = "namespace \"{0}\" is rejected")
  @CsvSource({"cache:*", "a?b:", "a[1]:", "a]:", "a\\b:", "my cache:", "''"})
  void namespaceWithGlobCharactersOrSpacesIsRejected(String namespace) {
    assertEquals(
        "cache.namespace = \"" + namespace + "\": expected a non-empty prefix without spaces or glob characters"
            + " (*?[]\\), such as http-cache:",
        errorFor(demoWith("cache.namespace", namespace)));
  }

  @ParameterizedTest(name = "max body size \"{0}\" is rejected")
  @CsvSource(delimiter = '|', textBlock = """
      # value  | expectation
      0        | expected a positive size such as 65536, 512KiB or 1MiB, at most 2GiB
      2GiB     | expected a positive size such as 65536, 512KiB or 1MiB, at most 2GiB
      -1       | expected a positive size such as 65536, 512KiB or 1MiB
      1.5MiB   | expected a positive size such as 65536, 512KiB or 1MiB
      3TiB     | expected a positive size such as 65536, 512KiB or 1MiB
      abc      | expected a positive size such as 65536, 512KiB or 1MiB
      """)
  void maxBodySizeMustBeAPositiveSize(String value, String expectation) {
    assertEquals(
        "cache.max-body-size = \"" + value + "\": " + expectation,
        errorFor(demoWith("cache.max-body-size", value)));
  }

  @ParameterizedTest(name = "{0} = \"{1}\" is rejected")
  @CsvSource({
    "metrics.top-keys,       0",
    "metrics.top-keys,       -5",
    "metrics.top-keys,       abc",
    "metrics.top-keys,       1.5",
    "metrics.top-keys,       ''",
    "metrics.top-keys,       99999999999",
    "redis.breaker.failures, 0",
    "redis.breaker.failures, many",
  })
  void countsMustBePositiveWholeNumbers(String key, String value) {
    assertEquals(
        key + " = \"" + value + "\": expected a positive whole number such as 100",
        errorFor(demoWith(key, value)));
  }

  @ParameterizedTest(name = "{0} = \"{1}\" is rejected")
  @CsvSource({"redis.timeout, 0ms", "redis.timeout, 100", "redis.breaker.open-for, -5s", "redis.breaker.open-for, 5x"})
  void timeoutsMustBePositiveDurations(String key, String value) {
    assertEquals(
        key + " = \"" + value + "\": expected a positive duration such as 250ms, 30s, 5m, 1h, 1d or PT2M",
        errorFor(demoWith(key, value)));
  }

  /** Route key templates make keys such as {@code user_posts:5} (the seed's), so a key need not be a GET key. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "user_{id},             user_7",
    "user_posts:{id},       user_posts:7",
    "/api/users/{id},       /api/users/7",
    "POST:/api/users/{id},  POST:/api/users/7",
  })
  void invalidationKeyNeedNotBeAGetKey(String key, String expanded) {
    RouteTable table = ConfigParser.parse(demoWith("invalidate.user-update.keys", key)).routeTable();

    assertEquals(List.of(expanded), keysInvalidatedBy(table, "PUT", "/api/users/7"));
  }

  /** The keys a successful write without query parameters invalidates, as the invalidation policy plans them. */
  private static List<String> keysInvalidatedBy(RouteTable table, String method, String path) {
    return new InvalidationPolicy(table).planFor(method, path, List.of(), 200).keys();
  }

  @Test
  void originFreshnessNeedsNoTtlAndATtlGivenIsTheFallback() {
    CacheSettings settings = ConfigParser.parse(java.util.Map.of(
        "cache.freshness", "origin",
        "route.all.path", "/**",
        "route.api.path", "/api/{name}",
        "route.api.ttl", "30s",
        "route.fixed.path", "/fixed/{name}",
        "route.fixed.ttl", "10s",
        "route.fixed.freshness", "route"));

    Route all = settings.routeTable().route("/anything/at/all").orElseThrow().route();
    Route api = settings.routeTable().route("/api/x").orElseThrow().route();
    Route fixed = settings.routeTable().route("/fixed/x").orElseThrow().route();
    assertEquals(Route.Freshness.ORIGIN, all.freshness());
    assertEquals(java.time.Duration.ZERO, all.ttl());
    assertEquals(Route.Freshness.ORIGIN, api.freshness());
    assertEquals(java.time.Duration.ofSeconds(30), api.ttl());
    assertEquals(Route.Freshness.ROUTE, fixed.freshness());
  }

  @Test
  void unknownFreshnessNamesKeyValueAndChoices() {
    assertEquals("route.user.freshness = \"headers\": expected route (the route's ttl) or origin (the origin's"
        + " Cache-Control and Expires)", errorFor(demoWith("route.user.freshness", "headers")));
  }
}
