package io.github.httpcache.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The filter's whole configuration, validated: where Redis is, how long to wait for it, how keys
 * are prefixed, how big a stored body may be (alone and all fills together), who may use the admin endpoints, and the routes.
 */
public record CacheSettings(
    String redisUrl,
    List<String> clusterNodes,
    Optional<String> redissonConfigFile,
    Duration redisTimeout,
    int breakerFailureThreshold,
    Duration breakerOpenDuration,
    String namespace,
    int maxBodySize,
    boolean compression,
    int compressionMinSize,
    String tagHeader,
    Duration invalidationFence,
    int journalSize,
    Duration coalesceWait,
    Optional<Duration> fillLease,
    long nearCacheMaxBytes,
    Duration nearCacheMaxAge,
    String adminToken,
    int topKeysCapacity,
    Optional<String> jmxDomain,
    RouteTable routeTable,
    Duration revalidationWindow,
    long fillMemory,
    Optional<String> sentinelMaster,
    List<String> sentinelNodes,
    Optional<String> tlsTruststore,
    Optional<String> tlsTruststorePassword,
    int redisMaxConnections,
    int invalidationReplicas,
    Duration invalidationWait,
    Duration pauseWait) {

  public CacheSettings {
    clusterNodes = List.copyOf(clusterNodes);
    sentinelNodes = List.copyOf(sentinelNodes);
  }

  public boolean hasAdminToken() {
    return !adminToken.isEmpty();
  }

  /** Readable and safe to log: the admin token and any Redis password are masked. */
  @Override
  public String toString() {
    return redisLocation()
        + tlsTruststore.map(store -> " redis.tls.truststore=" + store
            + (tlsTruststorePassword.isPresent() ? " redis.tls.truststore-password=****" : "")).orElse("")
        + " redis.max-connections=" + redisMaxConnections
        + " redis.invalidation-replicas=" + (invalidationReplicas < 0 ? "all" : Integer.toString(invalidationReplicas))
        + " redis.invalidation-wait=" + invalidationWait.toMillis() + "ms"
        + " redis.timeout=" + redisTimeout.toMillis() + "ms"
        + " redis.pause-wait=" + pauseWait.toMillis() + "ms"
        + " redis.breaker.failures=" + breakerFailureThreshold
        + " redis.breaker.open-for=" + breakerOpenDuration.toMillis() + "ms"
        + " cache.namespace=" + namespace
        + " cache.max-body-size=" + maxBodySize
        + " cache.compression=" + (compression ? "gzip" : "off")
        + " cache.compression-min-size=" + compressionMinSize
        + " cache.tag-header=" + tagHeader
        + " cache.invalidation-fence=" + invalidationFence.toSeconds() + "s"
        + " cache.invalidation-journal-size=" + journalSize
        + " cache.coalesce-wait=" + coalesceWait.toMillis() + "ms"
        + " cache.fill-memory=" + fillMemory
        + fillLease.map(lease -> " cache.fill-lease=" + lease.toMillis() + "ms").orElse("")
        + (nearCacheMaxBytes > 0 ? " cache.near-cache.max-size=" + nearCacheMaxBytes
            + " cache.near-cache.max-age=" + nearCacheMaxAge.toSeconds() + "s" : " cache.near-cache=off")
        + " admin.token=" + (hasAdminToken() ? "****" : "(none: loopback only)")
        + " metrics.top-keys=" + topKeysCapacity
        + jmxDomain.map(domain -> " metrics.jmx-domain=" + domain).orElse("")
        + routeTable;
  }

  /** Where Redis is, as configured, passwords masked. */
  private String redisLocation() {
    if (redissonConfigFile.isPresent()) {
      return "redis.config-file=" + redissonConfigFile.get();
    }
    if (sentinelMaster.isPresent()) {
      return "redis.sentinel-master=" + maskPassword(sentinelMaster.get())
          + " redis.sentinel-nodes=" + sentinelNodes.stream().map(CacheSettings::maskPassword).toList();
    }
    return clusterNodes.isEmpty() ? "redis.url=" + maskPassword(redisUrl)
        : "redis.cluster-nodes=" + clusterNodes.stream().map(CacheSettings::maskPassword).toList();
  }

  /**
   * Masks the user-info after the user name. Found by text, not by {@code java.net.URI}, which
   * reports no user-info for an unencoded {@code @} in the password or an {@code _} in the host.
   */
  static String maskPassword(String url) {
    int at = url.lastIndexOf('@');
    if (at < 0) {
      return url;
    }
    int scheme = url.indexOf("://");
    int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
    String userInfo = url.substring(start, at);
    int colon = userInfo.indexOf(':');
    String masked = colon < 0 ? "****" : userInfo.substring(0, colon) + ":****";
    return url.substring(0, start) + masked + url.substring(at);
  }
}
