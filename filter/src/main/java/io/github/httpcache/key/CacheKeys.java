package io.github.httpcache.key;

import io.github.httpcache.config.KeyTemplate;
import io.github.httpcache.config.Route;
import io.github.httpcache.policy.RequestFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the logical key of a request: {@code GET:/path}, plus {@code ?} and the canonical query
 * when there are parameters other than {@code nocache}. HEAD shares the GET key. The query part is
 * built from the parameters' raw bytes ({@link QueryParameter#keyForm()}), never their decoded strings.
 */
public final class CacheKeys {
  /** The request parameter that bypasses the cache; never part of a key. */
  public static final String NOCACHE_PARAMETER = "nocache";

  private CacheKeys() {}

  /** The separator before a per-user part; a {@code #} in the path itself is escaped, so it cannot forge one. */
  public static final String USER_MARK = "#user=";

  public static String logicalKey(RequestFacts request) {
    return logicalKey(request, Optional.empty());
  }

  /**
   * The key of a request on {@code route}: its key template filled from {@code pathVariables} and
   * the query when it has one (empty when a placeholder has no value), else the derived key.
   */
  public static Optional<String> logicalKey(RequestFacts request, Route route, Map<String, String> pathVariables) {
    if (route.key().isEmpty()) {
      return Optional.of(logicalKey(request, route.queryParameters()));
    }
    return route.key().get().expand(pathVariables, firstValues(request.query()))
        .map(key -> request.user().map(user -> key + USER_MARK + QueryString.percentEncode(user)).orElse(key));
  }

  /** Each parameter's first value, as key templates read them. */
  public static Map<String, String> firstValues(List<QueryParameter> query) {
    if (query.isEmpty()) {
      return Map.of();
    }
    Map<String, String> values = new HashMap<>();
    for (QueryParameter parameter : query) {
      values.putIfAbsent(parameter.name(), parameter.value());
    }
    return values;
  }

  /**
   * The logical key, keeping only {@code allowed} parameters when the route has an allow-list, and
   * ending in {@code #user=<user>} when the request carries a user (per-user routes).
   */
  public static String logicalKey(RequestFacts request, Optional<Set<String>> allowed) {
    List<QueryParameter> keyed = keyed(request.query(), allowed);
    StringBuilder key = new StringBuilder("GET:").append(KeyTemplate.escapePath(request.path()));
    if (!keyed.isEmpty()) {
      key.append('?').append(QueryString.canonical(keyed));
    }
    request.user().ifPresent(user -> key.append(USER_MARK).append(QueryString.percentEncode(user)));
    return key.toString();
  }

  /**
   * The parameters a derived key holds, in request order: all but {@code nocache}, or only those
   * {@code allowed} names. The application must see no others while it renders a stored response.
   */
  public static List<QueryParameter> keyed(List<QueryParameter> query, Optional<Set<String>> allowed) {
    List<QueryParameter> keyed = new ArrayList<>(query.size());
    for (QueryParameter parameter : query) {
      if (!parameter.name().equals(NOCACHE_PARAMETER)
          && (allowed.isEmpty() || allowed.get().contains(parameter.name()))) {
        keyed.add(parameter);
      }
    }
    return keyed;
  }
}
