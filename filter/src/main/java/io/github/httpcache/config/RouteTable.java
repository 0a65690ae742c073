package io.github.httpcache.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The immutable table of cached routes and invalidation rules, matched against the container's
 * decoded, normalised path (never the raw request URI).
 */
public final class RouteTable {
  /** RFC 9110 §9.2.1: the methods that change nothing. Every other method, known or not, is unsafe. */
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  /** Whether {@code method} is safe, so that it never invalidates anything (RFC 9111 §4.4). */
  public static boolean isSafeMethod(String method) {
    return SAFE_METHODS.contains(method);
  }

  private static final Comparator<PathTemplate> MOST_LITERAL_FIRST =
      Comparator.comparing(PathTemplate::isCatchAll)
          .thenComparing(Comparator.comparingInt(PathTemplate::literalCount).reversed());

  private final List<Route> routes;
  private final List<InvalidationRule> rules;

  public RouteTable(List<Route> routes, List<InvalidationRule> rules) {
    List<Route> sortedRoutes = new ArrayList<>(routes);
    sortedRoutes.sort(Comparator.comparing(Route::path, MOST_LITERAL_FIRST));
    this.routes = List.copyOf(sortedRoutes);
    this.rules = List.copyOf(rules);
  }

  /** A cached route, the variables its template bound and the path it matched. */
  public record RouteMatch(Route route, Map<String, String> variables, String path) {}

  /** The cached route for {@code path}, the most specific one when several match. */
  public Optional<RouteMatch> route(String path) {
    for (Route route : routes) {
      Optional<Map<String, String>> variables = route.path().match(path);
      if (variables.isPresent()) {
        return Optional.of(new RouteMatch(route, variables.get(), path));
      }
    }
    return Optional.empty();
  }

  /** An invalidation rule and the variables its path bound. */
  public record RuleMatch(InvalidationRule rule, Map<String, String> variables) {}

  /** Every rule a write {@code method path} matches, in configuration order. */
  public List<RuleMatch> rulesFor(String method, String path) {
    List<RuleMatch> matches = new ArrayList<>();
    for (InvalidationRule rule : rules) {
      if (rule.method().equals(method)) {
        rule.path().match(path).ifPresent(vars -> matches.add(new RuleMatch(rule, vars)));
      }
    }
    return matches;
  }

  /** Whether any rule could apply to this method, so other writes skip buffering entirely. */
  public boolean hasRulesFor(String method) {
    for (InvalidationRule rule : rules) {
      if (rule.method().equals(method)) {
        return true;
      }
    }
    return false;
  }

  public List<Route> routes() {
    return routes;
  }

  public List<InvalidationRule> rules() {
    return rules;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    routes.forEach(r -> out.append("\n  ").append(r));
    rules.forEach(r -> out.append("\n  ").append(r));
    return out.toString();
  }
}
