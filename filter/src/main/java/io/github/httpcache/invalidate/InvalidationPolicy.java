package io.github.httpcache.invalidate;

import io.github.httpcache.config.RouteTable;
import java.util.List;

/**
 * Decides which logical keys a write invalidates: those its matching rules list, filled from its
 * path variables, and only when the write succeeded (RFC 9111 §4.4: a non-error status).
 */
public final class InvalidationPolicy {
  private final RouteTable routes;

  public InvalidationPolicy(RouteTable routes) {
    this.routes = routes;
  }

  /** Whether a request with this method might invalidate anything, so others skip buffering. */
  public boolean mayInvalidate(String method) {
    return routes.hasRulesFor(method);
  }

  public List<String> keysFor(String method, String path, int status) {
    if (status < 200 || status >= 400) {
      return List.of();
    }
    return routes.keysInvalidatedBy(method, path);
  }
}
