package io.github.httpcache.config;

import java.net.URI;
import java.time.Duration;

/**
 * The filter's whole configuration, validated: where Redis is, how long to wait for it, how keys
 * are prefixed, how big a stored body may be, who may use the admin endpoints, and the routes.
 */
public record CacheSettings(
    String redisUrl,
    Duration redisTimeout,
    int breakerFailureThreshold,
    Duration breakerOpenDuration,
    String namespace,
    int maxBodySize,
    String adminToken,
    int topKeysCapacity,
    RouteTable routeTable) {

  public boolean hasAdminToken() {
    return !adminToken.isEmpty();
  }

  /** Readable and safe to log: the admin token and any Redis password are masked. */
  @Override
  public String toString() {
    return "redis.url=" + maskPassword(redisUrl)
        + " redis.timeout=" + redisTimeout.toMillis() + "ms"
        + " redis.breaker.failures=" + breakerFailureThreshold
        + " redis.breaker.open-for=" + breakerOpenDuration.toMillis() + "ms"
        + " cache.namespace=" + namespace
        + " cache.max-body-size=" + maxBodySize
        + " admin.token=" + (hasAdminToken() ? "****" : "(none: loopback only)")
        + " metrics.top-keys=" + topKeysCapacity
        + routeTable;
  }

  static String maskPassword(String url) {
    try {
      URI uri = URI.create(url);
      String userInfo = uri.getRawUserInfo();
      if (userInfo == null) {
        return url;
      }
      int colon = userInfo.indexOf(':');
      String masked = colon < 0 ? "****" : userInfo.substring(0, colon) + ":****";
      return url.replace(userInfo + "@", masked + "@");
    } catch (IllegalArgumentException e) {
      return "****";
    }
  }
}
