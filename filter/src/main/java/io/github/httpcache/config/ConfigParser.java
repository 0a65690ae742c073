package io.github.httpcache.config;

import static io.github.httpcache.config.ConfigKeys.*;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns one flat map of entries (filter init-params merged with the properties file) into
 * {@link CacheSettings}. The only place that parses configuration; every error names the key,
 * the value and what was expected.
 */
public final class ConfigParser {
  private static final Set<String> SETTINGS =
      Set.of(REDIS_URL, CLUSTER_NODES, SENTINEL_MASTER, SENTINEL_NODES, TLS_TRUSTSTORE, TLS_TRUSTSTORE_PASSWORD,
          MAX_CONNECTIONS, INVALIDATION_REPLICAS, INVALIDATION_WAIT, PAUSE_WAIT, REDIS_CONFIG_FILE, REDIS_TIMEOUT, BREAKER_FAILURES, BREAKER_OPEN_FOR, NAMESPACE, MAX_BODY_SIZE,
          COMPRESSION, COMPRESSION_MIN_SIZE, TAG_HEADER, INVALIDATION_FENCE, JOURNAL_SIZE, COALESCE_WAIT, FILL_LEASE,
          NEAR_CACHE_MAX_SIZE, NEAR_CACHE_MAX_AGE, ADMIN_TOKEN, TOP_KEYS, JMX_DOMAIN, ADMIN_PATH, METRICS_JSON_PATH,
          PROMETHEUS_PATH, FRESHNESS, REVALIDATION_WINDOW, HOSTS, FILL_MEMORY, MAX_KEYS, TARGETED_FIELDS,
          FORWARD_TARGETED_FIELDS, HEURISTIC_FRESHNESS, HEURISTIC_MAX);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
  // Safe methods (RFC 9110 §9.2.1) change nothing, so they never invalidate (RFC 9111 §4.4).

  private ConfigParser() {}

  /** Parses {@code entries}; unknown, incomplete or conflicting entries throw {@link ConfigException}. */
  public static CacheSettings parse(Map<String, String> entries) {
    Map<String, Map<String, String>> routes = new TreeMap<>();
    Map<String, Map<String, String>> rules = new TreeMap<>();
    sortKeys(entries, routes, rules);
    return settings(entries, routes, rules);
  }

  /** Groups route and rule fields by name; any other key must be a known setting. */
  private static void sortKeys(Map<String, String> entries, Map<String, Map<String, String>> routes,
      Map<String, Map<String, String>> rules) {
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      String key = entry.getKey().trim();
      if (key.startsWith(ROUTE_PREFIX)) {
        group(routes, key, entry.getValue(), ROUTE_PREFIX, Set.of(ROUTE_PATH, ROUTE_TTL, ROUTE_MAX_BODY_SIZE,
            ROUTE_PER_USER, ROUTE_QUERY, ROUTE_OTHER_QUERY, ROUTE_MAX_KEYS, ROUTE_KEY, ROUTE_RESOURCE_ID,
            ROUTE_STALE_WHILE_REVALIDATE, ROUTE_STALE_IF_ERROR, ROUTE_FRESHNESS, ROUTE_COOKIES, ROUTE_STRIP_SET_COOKIE,
            ROUTE_HOSTS, ROUTE_INPUTS, ROUTE_INPUTS_IGNORE, ROUTE_VARY));
      } else if (key.startsWith(INVALIDATE_PREFIX)) {
        group(rules, key, entry.getValue(), INVALIDATE_PREFIX,
            Set.of(INVALIDATE_METHOD, INVALIDATE_PATH, INVALIDATE_KEYS, INVALIDATE_PATTERNS, INVALIDATE_TAGS, INVALIDATE_QUERY));
      } else if (!SETTINGS.contains(key) && !key.equals(CONFIG_FILE)) {
        throw ConfigException.of(key, entry.getValue(), "unknown key; expected one of "
            + new TreeSet<>(SETTINGS) + ", route.<name>.<field> or invalidate.<name>.<field>");
      }
    }
  }

  /** The settings, each parsed with its default; the route table from the grouped fields. */
  private static CacheSettings settings(Map<String, String> entries, Map<String, Map<String, String>> routes,
      Map<String, Map<String, String>> rules) {
    int maxBodySize = ByteSizes.parsePositive(MAX_BODY_SIZE, value(entries, MAX_BODY_SIZE, DEFAULT_MAX_BODY_SIZE));
    return new CacheSettings(
        redisUrl(value(entries, REDIS_URL, DEFAULT_REDIS_URL)),
        clusterNodes(entries),
        redissonConfigFile(entries),
        Durations.parsePositive(REDIS_TIMEOUT, value(entries, REDIS_TIMEOUT, DEFAULT_REDIS_TIMEOUT)),
        positiveInt(BREAKER_FAILURES, value(entries, BREAKER_FAILURES, DEFAULT_BREAKER_FAILURES)),
        Durations.parsePositive(BREAKER_OPEN_FOR, value(entries, BREAKER_OPEN_FOR, DEFAULT_BREAKER_OPEN_FOR)),
        namespace(value(entries, NAMESPACE, DEFAULT_NAMESPACE)),
        maxBodySize,
        compression(value(entries, COMPRESSION, DEFAULT_COMPRESSION)),
        ByteSizes.parsePositive(COMPRESSION_MIN_SIZE, value(entries, COMPRESSION_MIN_SIZE, DEFAULT_COMPRESSION_MIN_SIZE)),
        tagHeader(value(entries, TAG_HEADER, DEFAULT_TAG_HEADER)),
        Durations.parsePositive(INVALIDATION_FENCE, value(entries, INVALIDATION_FENCE, DEFAULT_INVALIDATION_FENCE)),
        positiveInt(JOURNAL_SIZE, value(entries, JOURNAL_SIZE, DEFAULT_JOURNAL_SIZE)),
        Durations.parsePositive(COALESCE_WAIT, value(entries, COALESCE_WAIT, DEFAULT_COALESCE_WAIT)),
        Optional.ofNullable(entries.get(FILL_LEASE)).map(lease -> Durations.parsePositive(FILL_LEASE, lease.trim())),
        entries.containsKey(NEAR_CACHE_MAX_SIZE)
            ? ByteSizes.parsePositive(NEAR_CACHE_MAX_SIZE, value(entries, NEAR_CACHE_MAX_SIZE, "")) : 0,
        Durations.parsePositive(NEAR_CACHE_MAX_AGE, value(entries, NEAR_CACHE_MAX_AGE, DEFAULT_NEAR_CACHE_MAX_AGE)),
        value(entries, ADMIN_TOKEN, ""),
        positiveInt(TOP_KEYS, value(entries, TOP_KEYS, DEFAULT_TOP_KEYS)),
        jmxDomain(value(entries, JMX_DOMAIN, "")),
        new RouteTable(RouteTableParser.routes(routes, routeDefaults(entries, maxBodySize)), RouteTableParser.rules(rules)),
        Durations.parsePositive(REVALIDATION_WINDOW, value(entries, REVALIDATION_WINDOW, DEFAULT_REVALIDATION_WINDOW)),
        fillMemory(entries),
        RedisLocationParser.sentinelMaster(entries),
        RedisLocationParser.sentinelNodes(entries),
        RedisLocationParser.truststore(entries),
        Optional.ofNullable(entries.get(TLS_TRUSTSTORE_PASSWORD)).map(String::trim),
        positiveInt(MAX_CONNECTIONS, value(entries, MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS)),
        invalidationReplicas(value(entries, INVALIDATION_REPLICAS, DEFAULT_INVALIDATION_REPLICAS)),
        Durations.parseNonNegative(INVALIDATION_WAIT, value(entries, INVALIDATION_WAIT, DEFAULT_INVALIDATION_WAIT)),
        Durations.parseNonNegative(PAUSE_WAIT, value(entries, PAUSE_WAIT, DEFAULT_PAUSE_WAIT)));
  }

  /** {@code all} is -1: whatever number of replicas the master has connected at the time. */
  private static int invalidationReplicas(String value) {
    if (value.equals("all")) {
      return -1;
    }
    try {
      int replicas = Integer.parseInt(value);
      if (replicas >= 0) {
        return replicas;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw ConfigException.of(INVALIDATION_REPLICAS, value, "expected all (every connected replica) or a number such as 1, or 0 for none");
  }

  /** What a route that does not say otherwise gets from the global settings. */
  private static RouteTableParser.Defaults routeDefaults(Map<String, String> entries, int maxBodySize) {
    return new RouteTableParser.Defaults(maxBodySize,
        RouteTableParser.freshness(FRESHNESS, value(entries, FRESHNESS, DEFAULT_FRESHNESS)),
        nonNegative(MAX_KEYS, value(entries, MAX_KEYS, DEFAULT_MAX_KEYS)),
        RouteTableParser.hosts(HOSTS, entries.get(HOSTS)),
        new TargetedFields(TargetedFields.names(TARGETED_FIELDS, value(entries, TARGETED_FIELDS, DEFAULT_TARGETED_FIELDS)),
            bool(FORWARD_TARGETED_FIELDS, value(entries, FORWARD_TARGETED_FIELDS, DEFAULT_FORWARD_TARGETED_FIELDS))),
        HeuristicFreshness.parse(HEURISTIC_FRESHNESS, Optional.ofNullable(entries.get(HEURISTIC_FRESHNESS)),
            HEURISTIC_MAX, Optional.ofNullable(entries.get(HEURISTIC_MAX))));
  }

  private static boolean bool(String key, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ConfigException.of(key, value, "expected true or false");
    };
  }

  /** A quarter of the heap unless set: enough for many concurrent fills, never the whole heap. */
  private static long fillMemory(Map<String, String> entries) {
    String value = entries.get(FILL_MEMORY);
    return value == null ? Runtime.getRuntime().maxMemory() / 4 : ByteSizes.parsePositive(FILL_MEMORY, value.trim());
  }

  private static String value(Map<String, String> entries, String key, String fallback) {
    String value = entries.get(key);
    return value == null ? fallback : value.trim();
  }

  private static void group(Map<String, Map<String, String>> groups, String key, String value,
      String prefix, Set<String> fields) {
    String rest = key.substring(prefix.length());
    // A field may hold a dot itself (inputs.ignore): the longest known field the key ends with wins.
    int dot = fields.stream().filter(f -> f.contains(".") && rest.endsWith("." + f))
        .mapToInt(f -> rest.length() - f.length() - 1).findFirst().orElse(rest.lastIndexOf('.'));
    String name = dot < 0 ? "" : rest.substring(0, dot);
    String field = dot < 0 ? rest : rest.substring(dot + 1);
    if (!NAME.matcher(name).matches() || !fields.contains(field)) {
      throw ConfigException.of(key, value, "expected " + prefix + "<name>." + String.join("|", new TreeSet<>(fields))
          + " with a name of letters, digits, - or _");
    }
    groups.computeIfAbsent(name, n -> new HashMap<>()).put(field, value.trim());
  }

  private static Optional<String> jmxDomain(String domain) {
    if (domain.isEmpty()) {
      return Optional.empty();
    }
    if (!domain.matches("[A-Za-z0-9._-]+")) {
      throw ConfigException.of(JMX_DOMAIN, domain, "expected a JMX domain of letters, digits, '.', '-' or '_', such as http-cache");
    }
    return Optional.of(domain);
  }

  private static String tagHeader(String name) {
    if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
      throw ConfigException.of(TAG_HEADER, name, "expected a header name such as Cache-Tag or Surrogate-Key");
    }
    return name;
  }

  private static boolean compression(String value) {
    return switch (value) {
      case "gzip" -> true;
      case "off" -> false;
      default -> throw ConfigException.of(COMPRESSION, value, "expected gzip or off");
    };
  }

  private static List<String> clusterNodes(Map<String, String> entries) {
    String nodes = value(entries, CLUSTER_NODES, "");
    if (nodes.isEmpty()) {
      return List.of();
    }
    if (entries.containsKey(REDIS_URL)) {
      throw ConfigException.of(CLUSTER_NODES, CacheSettings.maskPassword(nodes),
          "conflicts with redis.url: set one, the single server or the cluster's seed nodes");
    }
    List<String> parsed = Arrays.stream(nodes.split(",")).map(String::trim).filter(node -> !node.isEmpty()).toList();
    parsed.forEach(node -> RedisAddress.parse(CLUSTER_NODES, node));
    return parsed;
  }

  private static Optional<String> redissonConfigFile(Map<String, String> entries) {
    String file = value(entries, REDIS_CONFIG_FILE, "");
    if (file.isEmpty()) {
      return Optional.empty();
    }
    for (String other : List.of(REDIS_URL, CLUSTER_NODES, SENTINEL_MASTER, SENTINEL_NODES, TLS_TRUSTSTORE)) {
      if (entries.containsKey(other)) {
        throw ConfigException.of(REDIS_CONFIG_FILE, file,
            "conflicts with " + other + ": the Redisson file says where Redis is, so set one of them");
      }
    }
    return Optional.of(file);
  }

  private static String redisUrl(String url) {
    RedisAddress.parse(REDIS_URL, url);
    return url;
  }

  private static String namespace(String namespace) {
    if (namespace.isEmpty() || namespace.chars().anyMatch(c -> Character.isWhitespace(c) || "*?[]\\".indexOf(c) >= 0)) {
      throw ConfigException.of(NAMESPACE, namespace,
          "expected a non-empty prefix without spaces or glob characters (*?[]\\), such as http-cache:");
    }
    return namespace;
  }

  static long nonNegative(String key, String value) {
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw ConfigException.of(key, value.trim(), "expected a whole number such as 10000, or 0 for no budget");
  }

  static int positiveInt(String key, String value) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw ConfigException.of(key, value, "expected a positive whole number such as 100");
  }
}
