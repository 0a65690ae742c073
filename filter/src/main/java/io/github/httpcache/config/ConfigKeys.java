package io.github.httpcache.config;

/**
 * Every configuration key and its default, in one place. The same keys are accepted as filter
 * init-params and in the properties file named by {@link #CONFIG_FILE}; see
 * {@code docs/configuration.md}.
 */
public final class ConfigKeys {
  /** Init-param only: a properties file, {@code classpath:http-cache.properties} or a file path. */
  public static final String CONFIG_FILE = "config.file";

  /** Redis to connect to: {@code redis://[user:password@]host:port[/db]} or {@code rediss://}. */
  public static final String REDIS_URL = "redis.url";

  public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

  /**
   * A Redisson YAML file ({@code classpath:redisson.yaml} or a path) instead of {@code redis.url}:
   * its single server, cluster or Sentinel settings, credentials and trust store are used.
   */
  public static final String REDIS_CONFIG_FILE = "redis.config-file";

  /** A Redis Cluster instead of {@code redis.url}: comma-separated seed nodes, {@code redis://host:port, ...}. */
  public static final String CLUSTER_NODES = "redis.cluster-nodes";

  /**
   * A Sentinel-managed master instead of {@code redis.url}: its name ({@code cachemaster}), or a URL
   * naming it in place of the host, carrying the data nodes' credentials, database and TLS
   * ({@code rediss://app:secret@cachemaster/2}). Requires {@link #SENTINEL_NODES}.
   */
  public static final String SENTINEL_MASTER = "redis.sentinel-master";

  /**
   * The Sentinels watching {@link #SENTINEL_MASTER}: comma-separated {@code redis://host:26379, ...};
   * user-info in them is the Sentinels' own password, if they ask for one.
   */
  public static final String SENTINEL_NODES = "redis.sentinel-nodes";

  /**
   * A JKS or PKCS12 trust store (a file path) that {@code rediss://} connections trust instead of the
   * JVM's CAs, in every topology. Unset: the JVM's default trust.
   */
  public static final String TLS_TRUSTSTORE = "redis.tls.truststore";

  /** The password of {@link #TLS_TRUSTSTORE}, if it has one. */
  public static final String TLS_TRUSTSTORE_PASSWORD = "redis.tls.truststore-password";

  /**
   * Most connections the request path keeps open to each Redis node (each master of a cluster); a
   * request that finds them all busy waits at most {@link #REDIS_TIMEOUT}, then bypasses. The near
   * cache's pub/sub and Sentinel's own monitoring open a few more (docs/operations.md).
   */
  public static final String MAX_CONNECTIONS = "redis.max-connections";

  public static final String DEFAULT_MAX_CONNECTIONS = "32";

  /**
   * Replicas that must acknowledge an invalidation (Redis {@code WAIT}) before the write's response
   * is committed: {@code all} (the default: every replica connected to the master then) or a number;
   * {@code 0} waits for none. Fewer in time: journaled and retried, and reads of what it names bypass.
   */
  public static final String INVALIDATION_REPLICAS = "redis.invalidation-replicas";

  public static final String DEFAULT_INVALIDATION_REPLICAS = "all";

  /**
   * How long a write waits for an invalidation Redis did not take (or its replicas did not
   * acknowledge) to become durable, retrying meanwhile, before its response is committed; then it
   * is journaled. Covers a failover or restart that could bring the old entry back. {@code 0}: never wait.
   */
  public static final String INVALIDATION_WAIT = "redis.invalidation-wait";

  public static final String DEFAULT_INVALIDATION_WAIT = "5s";

  /** Budget for each Redis command; past it the request is answered from the origin. */
  public static final String REDIS_TIMEOUT = "redis.timeout";

  public static final String DEFAULT_REDIS_TIMEOUT = "100ms";

  /** Consecutive Redis failures that open the circuit breaker. */
  /**
   * How long a lookup may wait for a Redis that has just stopped answering (the breaker closed,
   * or in its first window) before the request goes to the origin. Off by default: the contract
   * bounds what Redis trouble costs a request by {@code redis.timeout}. Four times that protects
   * the origin from every short pause (the lookup that failed, the first window, one probe).
   */
  public static final String PAUSE_WAIT = "redis.pause-wait";

  public static final String DEFAULT_PAUSE_WAIT = "0";

  public static final String BREAKER_FAILURES = "redis.breaker.failures";

  public static final String DEFAULT_BREAKER_FAILURES = "5";

  /** How long an open breaker skips Redis before one probe is let through. */
  public static final String BREAKER_OPEN_FOR = "redis.breaker.open-for";

  public static final String DEFAULT_BREAKER_OPEN_FOR = "5s";

  /** Prefix of every Redis key the cache writes, so it can share a Redis with other data. */
  public static final String NAMESPACE = "cache.namespace";

  public static final String DEFAULT_NAMESPACE = "http-cache:";

  /** Largest body that is stored; bigger bodies stream through unbuffered. */
  public static final String MAX_BODY_SIZE = "cache.max-body-size";

  public static final String DEFAULT_MAX_BODY_SIZE = "1MiB";

  /** {@code gzip} stores compressible bodies compressed once and serves either encoding; {@code off} stores as sent. */
  public static final String COMPRESSION = "cache.compression";

  public static final String DEFAULT_COMPRESSION = "gzip";

  /** Smallest body worth compressing. */
  public static final String COMPRESSION_MIN_SIZE = "cache.compression-min-size";

  public static final String DEFAULT_COMPRESSION_MIN_SIZE = "1KiB";

  /** How long concurrent misses of one key wait for the one request filling it, before going to the origin. */
  public static final String COALESCE_WAIT = "cache.coalesce-wait";

  public static final String DEFAULT_COALESCE_WAIT = "5s";

  /** With it, one node fills a cold key while the others wait for its entry (a Redis lease of this length). */
  public static final String FILL_LEASE = "cache.fill-lease";

  /** Bytes of in-process near cache in front of Redis (off when unset), kept coherent over pub/sub. */
  public static final String NEAR_CACHE_MAX_SIZE = "cache.near-cache.max-size";

  /** Longest a near-cache entry is kept, bounding staleness should an invalidation message be lost. */
  public static final String NEAR_CACHE_MAX_AGE = "cache.near-cache.max-age";

  public static final String DEFAULT_NEAR_CACHE_MAX_AGE = "10s";

  /** Bearer token required by the admin endpoints; empty means loopback clients only. */
  public static final String ADMIN_TOKEN = "admin.token";

  /** A JMX domain to publish the cache's metrics under ({@code http-cache}); unset: no JMX. */
  public static final String JMX_DOMAIN = "metrics.jmx-domain";

  /** How many distinct keys the {@code top_keys} counter of {@code /metrics/cache} tracks. */
  public static final String TOP_KEYS = "metrics.top-keys";

  public static final String DEFAULT_TOP_KEYS = "100";

  /** Host names the cache serves ({@code www.example.com, example.com}); any other host bypasses. Unset: all. */
  public static final String HOSTS = "cache.hosts";

  /**
   * Heap all fills in progress may buffer together; past it a fill streams through unstored.
   * Default: a quarter of the maximum heap.
   */
  public static final String FILL_MEMORY = "cache.fill-memory";

  /** Default of {@code route.<name>.max-keys}: distinct keys a route stores per TTL window (0: no budget). */
  public static final String MAX_KEYS = "cache.max-keys";

  public static final String DEFAULT_MAX_KEYS = "10000";

  /** {@code route.<name>.path} and {@code route.<name>.ttl} declare a cached GET route. */
  public static final String ROUTE_PREFIX = "route.";

  public static final String ROUTE_PATH = "path";
  public static final String ROUTE_TTL = "ttl";

  /** Per-route override of {@link #MAX_BODY_SIZE}. */
  public static final String ROUTE_MAX_BODY_SIZE = "max-body-size";

  /** {@code principal} or {@code header:<Name>}: key entries by user and allow credentialed requests. */
  public static final String ROUTE_PER_USER = "per-user";

  /** Comma-separated allow-list of query parameters that enter the key. */
  public static final String ROUTE_QUERY = "query";

  /** {@code ignore} (default) or {@code bypass}: what a parameter outside the allow-list does. */
  public static final String ROUTE_OTHER_QUERY = "other-query";

  /** Budget of distinct keys stored per TTL window ({@link #MAX_KEYS} by default; 0 for none). */
  public static final String ROUTE_MAX_KEYS = "max-keys";

  /**
   * {@code bypass} (default: a request with {@code Cookie} neither reads nor writes the entry),
   * {@code ignore} (the body does not depend on cookies) or {@code key:NAME[,NAME…]} (those cookies key it).
   */
  public static final String ROUTE_COOKIES = "cookies";

  /** {@code Set-Cookie} names or globs left out of the stored copy (the filling client still gets them). */
  public static final String ROUTE_STRIP_SET_COOKIE = "strip-set-cookie";

  /** {@code refuse} (default), {@code warn} or {@code off}: what a page that read an unkeyed ordinary header does. */
  public static final String ROUTE_INPUTS = "inputs";

  /** Inputs (header names, or session, principal, cookie, remote-address) declared harmless to read. */
  public static final String ROUTE_INPUTS_IGNORE = "inputs.ignore";

  /** Request headers the route keys on: added to the key and to the response's {@code Vary}. */
  public static final String ROUTE_VARY = "vary";

  /** Per-route override of {@link #HOSTS}. */
  public static final String ROUTE_HOSTS = "hosts";

  /** A key template used instead of {@code GET:<path>?<query>}: {@code {username}_posts:page_{page:1}}. */
  public static final String ROUTE_KEY = "key";

  /** How long past its TTL an entry is served while one request refreshes it. */
  public static final String ROUTE_STALE_WHILE_REVALIDATE = "stale-while-revalidate";

  /** How long past its TTL an entry is served when the origin fails (throws or answers 5xx). */
  public static final String ROUTE_STALE_IF_ERROR = "stale-if-error";

  /**
   * Where an entry's freshness comes from: {@code route} (the route's {@code ttl}, the default) or
   * {@code origin} (RFC 9111 §4.2: {@code s-maxage}, {@code max-age}, {@code Expires}; the route's
   * {@code ttl}, if any, only for responses that give none). Per route, or for all as {@link #FRESHNESS}.
   */
  public static final String ROUTE_FRESHNESS = "freshness";

  /** A variable appended to the key as {@code :<value>}, the seed's resource id. */
  public static final String ROUTE_RESOURCE_ID = "resource-id";

  /** {@code invalidate.<name>.method|path|keys} declare what a write invalidates. */
  public static final String INVALIDATE_PREFIX = "invalidate.";

  public static final String INVALIDATE_METHOD = "method";
  public static final String INVALIDATE_PATH = "path";
  public static final String INVALIDATE_KEYS = "keys";
  public static final String INVALIDATE_PATTERNS = "patterns";
  public static final String INVALIDATE_TAGS = "tags";

  /** Query parameters a rule's placeholders may take; any other placeholder must be a path variable. */
  public static final String INVALIDATE_QUERY = "query";

  /** The default of {@code route.<name>.freshness}: {@code route} or {@code origin}. */
  public static final String FRESHNESS = "cache.freshness";

  public static final String DEFAULT_FRESHNESS = "route";

  /**
   * In {@code freshness=origin}, how long a stale entry with a validator ({@code ETag} or
   * {@code Last-Modified}) is kept in Redis so that it can be revalidated with a conditional request.
   */
  public static final String REVALIDATION_WINDOW = "cache.revalidation-window";

  public static final String DEFAULT_REVALIDATION_WINDOW = "1h";

  /**
   * RFC 9213: targeted cache-control fields, in precedence order, whose directives replace
   * {@code Cache-Control} (and {@code Expires}) for this cache; {@code none} for none.
   */
  public static final String TARGETED_FIELDS = "cache.targeted-fields";

  public static final String DEFAULT_TARGETED_FIELDS = "CDN-Cache-Control";

  /** Whether clients (and caches after this one) see the targeted fields; by default they are removed. */
  public static final String FORWARD_TARGETED_FIELDS = "cache.forward-targeted-fields";

  public static final String DEFAULT_FORWARD_TARGETED_FIELDS = "false";

  /**
   * {@code freshness=origin}: RFC 9111 §4.2.2 heuristic freshness for responses that state none but
   * carry {@code Last-Modified}, as a share of the time since then ({@code 10%}); {@code off} by default.
   */
  public static final String HEURISTIC_FRESHNESS = "cache.heuristic-freshness";

  public static final String DEFAULT_HEURISTIC_FRESHNESS = "off";

  /** The longest heuristic freshness lifetime; only with {@code cache.heuristic-freshness}. */
  public static final String HEURISTIC_MAX = "cache.heuristic-max";

  public static final String DEFAULT_HEURISTIC_MAX = "1d";

  /** Response header an origin lists its entry's tags in; stripped before the client sees it. */
  public static final String TAG_HEADER = "cache.tag-header";

  public static final String DEFAULT_TAG_HEADER = "Cache-Tag";

  /** How long an invalidation fences off fills that began before it; slower fills are not stored. */
  public static final String INVALIDATION_FENCE = "cache.invalidation-fence";

  public static final String DEFAULT_INVALIDATION_FENCE = "60s";

  /** Invalidations kept while Redis is unreachable, replayed when it answers; past it, the namespace is purged. */
  public static final String JOURNAL_SIZE = "cache.invalidation-journal-size";

  public static final String DEFAULT_JOURNAL_SIZE = "10000";

  /**
   * Drop-in only ({@code HttpCacheInitializer}): where the JAR's own servlets are mapped when the
   * container registers the filter for an application whose web.xml does not mention it. Unset: not mapped.
   */
  public static final String ADMIN_PATH = "servlets.admin-path";

  public static final String METRICS_JSON_PATH = "servlets.metrics-path";

  public static final String PROMETHEUS_PATH = "servlets.prometheus-path";

  private ConfigKeys() {}
}
