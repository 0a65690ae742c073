package io.github.httpcache.config;

import static io.github.httpcache.config.ConfigKeys.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The route table half of {@link ConfigParser}: {@code route.<name>.*} and
 * {@code invalidate.<name>.*} entries, already grouped by name, into routes and rules.
 */
final class RouteTableParser {
  private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z_-]*");
  /** A DNS name, an IPv4 address or a bracketed IPv6 address, as getServerName() reports them. */
  private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+]");

  private RouteTableParser() {}

  private static String required(String prefix, String name, Map<String, String> fields, String field, String expected) {
    String value = fields.get(field);
    if (value == null || value.isEmpty()) {
      throw ConfigException.of(prefix + name + "." + field, value == null ? "" : value,
          "missing; " + prefix + name + " needs it: " + expected);
    }
    return value;
  }

  /** What a route gets from the global settings unless it says otherwise. */
  record Defaults(int maxBodySize, Route.Freshness freshness, long maxKeys, Optional<Set<String>> hosts,
      TargetedFields targeted, HeuristicFreshness heuristic) {}

  static List<Route> routes(Map<String, Map<String, String>> groups, Defaults defaults) {
    List<Route> routes = new ArrayList<>();
    Map<String, String> shapes = new HashMap<>();
    groups.forEach((name, fields) -> {
      String pathKey = ROUTE_PREFIX + name + "." + ROUTE_PATH;
      PathTemplate path = PathTemplate.compile(pathKey,
          required(ROUTE_PREFIX, name, fields, ROUTE_PATH, "a path such as /api/users/{id}"));
      String ttlKey = ROUTE_PREFIX + name + "." + ROUTE_TTL;
      Route.Freshness freshness = fields.containsKey(ROUTE_FRESHNESS)
          ? freshness(ROUTE_PREFIX + name + "." + ROUTE_FRESHNESS, fields.get(ROUTE_FRESHNESS)) : defaults.freshness();
      // From the origin, freshness needs no TTL: one given is the fallback for responses that state none.
      java.time.Duration ttl = freshness == Route.Freshness.ORIGIN && !fields.containsKey(ROUTE_TTL)
          ? java.time.Duration.ZERO
          : Durations.parsePositive(ttlKey,
              required(ROUTE_PREFIX, name, fields, ROUTE_TTL, "a duration such as 30s, 5m or PT2M"));
      routes.add(route(name, fields, path, ttl, defaults, freshness));
      String clash = shapes.putIfAbsent(path.shape(), name);
      if (clash != null) {
        throw ConfigException.of(pathKey, path.toString(),
            "conflicts with route." + clash + ".path, which matches the same requests");
      }
    });
    return routes;
  }

  /** {@code route} or {@code origin}, for {@code key}. */
  static Route.Freshness freshness(String key, String value) {
    return switch (value.trim()) {
      case "route" -> Route.Freshness.ROUTE;
      case "origin" -> Route.Freshness.ORIGIN;
      default -> throw ConfigException.of(key, value, "expected route (the route's ttl) or origin (the origin's Cache-Control and Expires)");
    };
  }

  private static Route route(String name, Map<String, String> fields, PathTemplate path, java.time.Duration ttl,
      Defaults defaults, Route.Freshness freshness) {
    String prefix = ROUTE_PREFIX + name + ".";
    String maxBodySize = fields.get(ROUTE_MAX_BODY_SIZE);
    String perUser = fields.get(ROUTE_PER_USER);
    String query = fields.get(ROUTE_QUERY);
    String otherQuery = fields.getOrDefault(ROUTE_OTHER_QUERY, "ignore");
    if (!otherQuery.equals("ignore") && !otherQuery.equals("bypass")) {
      throw ConfigException.of(prefix + ROUTE_OTHER_QUERY, otherQuery, "expected ignore or bypass");
    }
    if (query == null && fields.containsKey(ROUTE_OTHER_QUERY)) {
      throw ConfigException.of(prefix + ROUTE_OTHER_QUERY, otherQuery,
          "only applies with " + prefix + ROUTE_QUERY + ", the allow-list it refers to");
    }
    String maxKeys = fields.get(ROUTE_MAX_KEYS);
    Optional<KeyTemplate> key = routeKey(prefix, fields, path);
    return new Route(name, path, ttl,
        maxBodySize == null ? defaults.maxBodySize() : ByteSizes.parsePositive(prefix + ROUTE_MAX_BODY_SIZE, maxBodySize),
        Optional.ofNullable(perUser).map(v -> UserSource.parse(prefix + ROUTE_PER_USER, v)),
        Optional.ofNullable(query).map(q -> queryAllowList(prefix + ROUTE_QUERY, q)),
        otherQuery.equals("bypass") ? Route.OtherQuery.BYPASS : Route.OtherQuery.IGNORE,
        maxKeys == null ? defaults.maxKeys() : ConfigParser.nonNegative(prefix + ROUTE_MAX_KEYS, maxKeys),
        key,
        new Route.Grace(graceWindow(prefix + ROUTE_STALE_WHILE_REVALIDATE, fields.get(ROUTE_STALE_WHILE_REVALIDATE)),
            graceWindow(prefix + ROUTE_STALE_IF_ERROR, fields.get(ROUTE_STALE_IF_ERROR))),
        freshness,
        cookies(prefix, fields),
        fields.containsKey(ROUTE_HOSTS) ? hosts(prefix + ROUTE_HOSTS, fields.get(ROUTE_HOSTS)) : defaults.hosts(),
        inputs(prefix, fields, freshness),
        defaults.targeted(),
        defaults.heuristic());
  }

  /** With origin freshness the origin's {@code Vary} says what keys a response (RFC 9111 §4.1), so ordinary headers are not checked by default. */
  private static InputRules inputs(String prefix, Map<String, String> fields, Route.Freshness freshness) {
    InputRules.Mode byDefault = freshness == Route.Freshness.ORIGIN ? InputRules.Mode.OFF : InputRules.Mode.REFUSE;
    String mode = fields.get(ROUTE_INPUTS);
    String ignore = fields.get(ROUTE_INPUTS_IGNORE);
    String vary = fields.get(ROUTE_VARY);
    return new InputRules(mode == null ? byDefault : InputRules.mode(prefix + ROUTE_INPUTS, mode),
        ignore == null ? List.of() : InputRules.names(prefix + ROUTE_INPUTS_IGNORE, ignore),
        vary == null ? List.of() : InputRules.names(prefix + ROUTE_VARY, vary));
  }

  private static CookieRule cookies(String prefix, Map<String, String> fields) {
    String strip = fields.get(ROUTE_STRIP_SET_COOKIE);
    List<String> stripped = strip == null ? List.of()
        : CookieRule.names(prefix + ROUTE_STRIP_SET_COOKIE, strip, strip);
    if (strip != null && stripped.isEmpty()) {
      throw ConfigException.of(prefix + ROUTE_STRIP_SET_COOKIE, strip, "expected cookie names or globs such as JSESSIONID, _ga*");
    }
    return CookieRule.parse(prefix + ROUTE_COOKIES, fields.get(ROUTE_COOKIES), stripped);
  }

  /** Comma-separated host names, lower-cased; empty when {@code value} is null (every host). */
  static Optional<Set<String>> hosts(String key, String value) {
    if (value == null) {
      return Optional.empty();
    }
    Set<String> hosts = new java.util.LinkedHashSet<>();
    for (String host : value.split(",")) {
      String name = host.trim().toLowerCase(java.util.Locale.ROOT);
      if (!name.isEmpty() && !HOST.matcher(name).matches()) {
        throw ConfigException.of(key, value, "\"" + host.trim() + "\" is not a host name such as www.example.com (no scheme, port or path)");
      }
      if (!name.isEmpty()) {
        hosts.add(name);
      }
    }
    if (hosts.isEmpty()) {
      throw ConfigException.of(key, value, "expected comma-separated host names such as www.example.com, example.com");
    }
    return Optional.of(hosts);
  }

  private static java.time.Duration graceWindow(String key, String value) {
    return value == null ? java.time.Duration.ZERO : Durations.parsePositive(key, value);
  }

  /** The seed's key_prefix and resource_id_name: {@code key = post_cache} and {@code resource-id = post_id}. */
  private static Optional<KeyTemplate> routeKey(String prefix, Map<String, String> fields, PathTemplate path) {
    String key = fields.get(ROUTE_KEY);
    String resourceId = fields.get(ROUTE_RESOURCE_ID);
    if (key == null) {
      if (resourceId != null) {
        throw ConfigException.of(prefix + ROUTE_RESOURCE_ID, resourceId,
            "only applies with " + prefix + ROUTE_KEY + ", the key it is appended to");
      }
      return Optional.empty();
    }
    if (resourceId != null && !resourceId.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw ConfigException.of(prefix + ROUTE_RESOURCE_ID, resourceId, "expected a path variable or query parameter name");
    }
    // Checked as written first, so an error quotes the value the operator wrote, not the appended form.
    KeyTemplate asWritten = KeyTemplate.compile(prefix + ROUTE_KEY, key, KeyTemplate.Kind.KEY, path.variables());
    return Optional.of(resourceId == null ? asWritten
        : KeyTemplate.compile(prefix + ROUTE_KEY, key + ":{" + resourceId + "}", KeyTemplate.Kind.KEY, path.variables()));
  }

  private static Set<String> queryAllowList(String key, String value) {
    Set<String> names = new java.util.LinkedHashSet<>();
    for (String name : value.split(",")) {
      if (!name.isBlank()) {
        names.add(name.trim());
      }
    }
    if (names.isEmpty()) {
      throw ConfigException.of(key, value, "expected comma-separated parameter names such as page, size");
    }
    return names;
  }

  static List<InvalidationRule> rules(Map<String, Map<String, String>> groups) {
    List<InvalidationRule> rules = new ArrayList<>();
    groups.forEach((name, fields) -> {
      String methodKey = INVALIDATE_PREFIX + name + "." + INVALIDATE_METHOD;
      String method = required(INVALIDATE_PREFIX, name, fields, INVALIDATE_METHOD, "PUT, POST, PATCH or DELETE");
      if (!METHOD.matcher(method).matches() || RouteTable.isSafeMethod(method)) {
        throw ConfigException.of(methodKey, method,
            "expected an unsafe HTTP method in capitals, such as PUT, POST, PATCH or DELETE");
      }
      String pathKey = INVALIDATE_PREFIX + name + "." + INVALIDATE_PATH;
      PathTemplate path = PathTemplate.compile(pathKey,
          required(INVALIDATE_PREFIX, name, fields, INVALIDATE_PATH, "a path such as /api/users/{id}"));
      Set<String> query = fields.containsKey(INVALIDATE_QUERY)
          ? queryAllowList(INVALIDATE_PREFIX + name + "." + INVALIDATE_QUERY, fields.get(INVALIDATE_QUERY)) : Set.of();
      List<KeyTemplate> keys = templates(name, fields, INVALIDATE_KEYS, KeyTemplate.Kind.KEY, path, query);
      List<KeyTemplate> patterns = templates(name, fields, INVALIDATE_PATTERNS, KeyTemplate.Kind.PATTERN, path, query);
      List<KeyTemplate> tags = templates(name, fields, INVALIDATE_TAGS, KeyTemplate.Kind.TAG, path, query);
      if (keys.isEmpty() && patterns.isEmpty() && tags.isEmpty()) {
        throw ConfigException.of(INVALIDATE_PREFIX + name + "." + INVALIDATE_KEYS, "",
            "missing; invalidate." + name + " needs keys, patterns or tags: comma-separated, such as GET:/api/users/{id}");
      }
      rules.add(new InvalidationRule(name, method, path, keys, patterns, tags, query));
    });
    return rules;
  }

  private static List<KeyTemplate> templates(String name, Map<String, String> fields, String field,
      KeyTemplate.Kind kind, PathTemplate path, Set<String> query) {
    String list = fields.get(field);
    if (list == null) {
      return List.of();
    }
    String key = INVALIDATE_PREFIX + name + "." + field;
    List<KeyTemplate> templates = Arrays.stream(list.split(",")).map(String::trim)
        .map(template -> KeyTemplate.compile(key, template, kind, path.variables())).toList();
    templates.forEach(template -> requireBound(name, key, template, path, query));
    return templates;
  }

  /**
   * A placeholder the write's path does not bind would be filled from the query, where a client
   * chooses it ({@code PUT /api/users/1?uid=2} deleting user 2's entry): only declared parameters may.
   */
  private static void requireBound(String name, String key, KeyTemplate template, PathTemplate path, Set<String> query) {
    for (String placeholder : template.placeholderNames()) {
      if (!path.variables().contains(placeholder) && !query.contains(placeholder)) {
        throw ConfigException.of(key, template.toString(), "{" + placeholder + "} is not a variable of "
            + INVALIDATE_PREFIX + name + "." + INVALIDATE_PATH + " (" + path + "); use one of " + path.variables()
            + ", or name the query parameter in " + INVALIDATE_PREFIX + name + "." + INVALIDATE_QUERY);
      }
    }
  }
}
