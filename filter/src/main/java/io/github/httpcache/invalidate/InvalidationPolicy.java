package io.github.httpcache.invalidate;

import io.github.httpcache.config.KeyTemplate;
import io.github.httpcache.config.Route;
import io.github.httpcache.config.RouteTable;
import io.github.httpcache.config.RouteTable.RuleMatch;
import io.github.httpcache.key.CacheKeys;
import io.github.httpcache.key.Globs;
import io.github.httpcache.key.QueryParameter;
import io.github.httpcache.policy.RequestFacts;
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
  private final boolean originRoutes;

  /** A URI a write's response points at ({@code Location}, {@code Content-Location}), on this application. */
  public record Target(String path, List<QueryParameter> query) {}

  public InvalidationPolicy(RouteTable routes) {
    this.routes = routes;
    this.perUserRoutes = routes.routes().stream().anyMatch(route -> route.perUser().isPresent());
    this.originRoutes = routes.routes().stream().anyMatch(route -> route.freshness() == Route.Freshness.ORIGIN);
  }

  /** Whether a request with this method might invalidate anything, so others skip buffering. */
  public boolean mayInvalidate(String method) {
    return routes.hasRulesFor(method) || originRoutes && !RouteTable.isSafeMethod(method);
  }

  /**
   * The route table's rules, and, on {@code freshness=origin} routes, RFC 9111 §4.4: a non-error
   * response to an unsafe method invalidates the target URI and the same-origin URIs in its
   * {@code Location} and {@code Content-Location} ({@code alsoTargets}, resolved by the caller).
   */
  public InvalidationPlan planFor(String method, String path, List<QueryParameter> query, int status,
      List<Target> alsoTargets) {
    InvalidationPlan rules = planFor(method, path, query, status);
    if (!originRoutes || RouteTable.isSafeMethod(method) || status < 200 || status >= 400) {
      return rules;
    }
    Set<String> keys = new LinkedHashSet<>(rules.keys());
    Set<String> patterns = new LinkedHashSet<>(rules.patterns());
    addUriKey(new Target(path, query), keys, patterns);
    alsoTargets.forEach(target -> addUriKey(target, keys, patterns));
    return new InvalidationPlan(List.copyOf(keys), List.copyOf(patterns), rules.tags(), InvalidationPlan.Scope.LISTED);
  }

  private void addUriKey(Target target, Set<String> keys, Set<String> patterns) {
    routes.route(target.path()).filter(match -> match.route().freshness() == Route.Freshness.ORIGIN)
        .ifPresent(match -> CacheKeys.logicalKey(new RequestFacts("GET", target.path(), target.query(), Map.of()),
            match.route(), match.variables()).ifPresent(key -> {
              keys.add(key);
              if (match.route().perUser().isPresent()) {
                patterns.add(Globs.escape(key) + CacheKeys.USER_MARK + "*");
              }
            }));
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
