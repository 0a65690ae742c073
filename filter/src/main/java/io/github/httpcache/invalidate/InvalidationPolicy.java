package io.github.httpcache.invalidate;

import io.github.httpcache.config.KeyTemplate;
import io.github.httpcache.config.RouteTable;
import io.github.httpcache.config.RouteTable.RuleMatch;
import io.github.httpcache.key.CacheKeys;
import io.github.httpcache.key.QueryParameter;
import io.github.httpcache.store.InvalidationPlan;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what a write invalidates: the keys, patterns and tags of the rules it matches, filled
 * from its path variables and query, and only when it succeeded (RFC 9111 §4.4: a non-error
 * status). A key whose placeholder the write cannot fill becomes a pattern with {@code *} there:
 * deleting too much is safe, leaving a stale entry is not.
 */
public final class InvalidationPolicy {
  private final RouteTable routes;
  private final boolean perUserRoutes;

  public InvalidationPolicy(RouteTable routes) {
    this.routes = routes;
    this.perUserRoutes = routes.routes().stream().anyMatch(route -> route.perUser().isPresent());
  }

  /** Whether a request with this method might invalidate anything, so others skip buffering. */
  public boolean mayInvalidate(String method) {
    return routes.hasRulesFor(method);
  }

  public InvalidationPlan planFor(String method, String path, List<QueryParameter> query, int status) {
    if (status < 200 || status >= 400) {
      return InvalidationPlan.ofKeys(List.of());
    }
    Set<String> keys = new LinkedHashSet<>();
    Set<String> patterns = new LinkedHashSet<>();
    Set<String> tags = new LinkedHashSet<>();
    Map<String, String> queryValues = CacheKeys.firstValues(query);
    for (RuleMatch match : routes.rulesFor(method, path)) {
      Map<String, String> variables = match.variables();
      for (KeyTemplate key : match.rule().keys()) {
        key.expand(variables, queryValues).ifPresentOrElse(keys::add,
            () -> patterns.add(key.expandAsPattern(variables, queryValues)));
        if (perUserRoutes) {
          // Per-user entries of the key are the key plus #user=...: reach them all.
          patterns.add(key.expandAsPattern(variables, queryValues) + CacheKeys.USER_MARK + "*");
        }
      }
      for (KeyTemplate pattern : match.rule().patterns()) {
        patterns.add(pattern.expandAsPattern(variables, queryValues));
      }
      for (KeyTemplate tag : match.rule().tags()) {
        tag.expand(variables, Map.of()).ifPresent(tags::add);
      }
    }
    return new InvalidationPlan(List.copyOf(keys), List.copyOf(patterns), List.copyOf(tags),
        InvalidationPlan.Scope.LISTED);
  }
}
