package io.github.httpcache;

import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.ConfigException;
import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.config.RouteTable;
import io.github.httpcache.metrics.MetricRegistries;
import io.github.httpcache.servlet.ConfigLoader;
import io.github.httpcache.servlet.RequestFactsReader;
import io.github.httpcache.store.RedisClients;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caches the responses of routed GET requests in Redis and invalidates them on matching writes.
 *
 * <p>Configuration: init-params, and/or a properties file named by {@code config.file}; values may
 * use {@code ${NAME:default}} placeholders (system property, then environment variable).
 *
 * <table>
 *   <caption>Keys (see docs/configuration.md)</caption>
 *   <tr><th>key</th><th>default</th><th>example</th></tr>
 *   <tr><td>config.file</td><td>(none)</td><td>classpath:http-cache.properties</td></tr>
 *   <tr><td>redis.url</td><td>redis://127.0.0.1:6379</td><td>${REDIS_URL:redis://127.0.0.1:6379}</td></tr>
 *   <tr><td>redis.cluster-nodes</td><td>(single server)</td><td>redis://10.0.0.1:7000, redis://10.0.0.2:7000</td></tr>
 *   <tr><td>redis.timeout</td><td>100ms</td><td>250ms</td></tr>
 *   <tr><td>redis.breaker.failures</td><td>5</td><td>10</td></tr>
 *   <tr><td>redis.breaker.open-for</td><td>5s</td><td>30s</td></tr>
 *   <tr><td>cache.namespace</td><td>http-cache:</td><td>shop-cache:</td></tr>
 *   <tr><td>cache.max-body-size</td><td>1MiB</td><td>256KiB</td></tr>
 *   <tr><td>cache.compression</td><td>gzip</td><td>off</td></tr>
 *   <tr><td>cache.compression-min-size</td><td>1KiB</td><td>4KiB</td></tr>
 *   <tr><td>cache.tag-header</td><td>Cache-Tag</td><td>Surrogate-Key</td></tr>
 *   <tr><td>cache.invalidation-fence</td><td>60s</td><td>5m</td></tr>
 *   <tr><td>cache.invalidation-journal-size</td><td>10000</td><td>100000</td></tr>
 *   <tr><td>cache.coalesce-wait</td><td>5s</td><td>2s</td></tr>
 *   <tr><td>cache.fill-lease</td><td>(off)</td><td>10s</td></tr>
 *   <tr><td>cache.near-cache.max-size / .max-age</td><td>(off) / 10s</td><td>64MiB / 60s</td></tr>
 *   <tr><td>admin.token</td><td>(none: loopback only)</td><td>${CACHE_ADMIN_TOKEN:}</td></tr>
 *   <tr><td>metrics.top-keys</td><td>100</td><td>500</td></tr>
 *   <tr><td>route.&lt;name&gt;.path / .ttl</td><td>(required)</td><td>/api/users/{id} / 120s</td></tr>
 *   <tr><td>route.&lt;name&gt;.max-body-size</td><td>cache.max-body-size</td><td>64KiB</td></tr>
 *   <tr><td>route.&lt;name&gt;.per-user</td><td>(shared)</td><td>principal, header:X-User-Id</td></tr>
 *   <tr><td>route.&lt;name&gt;.query / .other-query</td><td>(all) / ignore</td><td>page, size / bypass</td></tr>
 *   <tr><td>route.&lt;name&gt;.max-keys</td><td>0 (no budget)</td><td>10000</td></tr>
 *   <tr><td>route.&lt;name&gt;.key / .resource-id</td><td>(GET:path?query)</td><td>{username}_posts:page_{page:1} / username</td></tr>
 *   <tr><td>route.&lt;name&gt;.stale-while-revalidate / .stale-if-error</td><td>(none)</td><td>30s / 5m</td></tr>
 *   <tr><td>invalidate.&lt;name&gt;.method / .path</td><td>(required)</td><td>PUT / /api/users/{id}</td></tr>
 *   <tr><td>invalidate.&lt;name&gt;.keys / .patterns / .tags</td><td>(one of them)</td><td>GET:/api/users/{id} / user_{id}_* / user-{id}</td></tr>
 * </table>
 *
 * <p>ServletContext attributes: {@value MetricRegistries#REGISTRY_ATTRIBUTE} (a Dropwizard
 * {@code MetricRegistry}, found or created and published), {@value #REDISSON_ATTRIBUTE} (a
 * {@code RedissonClient} to adopt instead of creating one; never closed by the filter) and
 * {@value #CACHE_ATTRIBUTE} (the running {@link HttpCache}, for the admin and metrics servlets).
 */
public final class HttpCacheFilter implements Filter {
  public static final String REDISSON_ATTRIBUTE = "io.github.httpcache.HttpCacheFilter.redisson";
  public static final String CACHE_ATTRIBUTE = "io.github.httpcache.HttpCacheFilter.cache";

  private static final Logger log = LoggerFactory.getLogger(HttpCacheFilter.class);

  private HttpCache cache;
  private RouteTable routes;
  private ServletContext context;

  @Override
  public void init(FilterConfig filterConfig) throws ServletException {
    context = filterConfig.getServletContext();
    CacheSettings settings;
    try {
      Map<String, String> entries = ConfigLoader.load(filterConfig);
      settings = ConfigParser.parse(entries);
    } catch (ConfigException e) {
      throw new ServletException("http-cache configuration error: " + e.getMessage(), e);
    }
    log.info("http-cache {}: {}", filterConfig.getFilterName(), settings);
    io.github.httpcache.servlet.AdminAccess.loopbackOnlyNotice(settings).ifPresent(log::warn);
    Object given = context.getAttribute(REDISSON_ATTRIBUTE);
    RedisClients redis;
    try {
      redis = given instanceof RedissonClient client ? RedisClients.adopt(client)
          : RedisClients.create(settings, classLoader(context));
    } catch (ConfigException e) {
      throw new ServletException("http-cache configuration error: " + e.getMessage(), e);
    }
    cache = new HttpCache(settings, redis, MetricRegistries.findOrCreate(context), Clock.systemUTC());
    routes = settings.routeTable();
    context.setAttribute(CACHE_ATTRIBUTE, cache);
  }

  private static ClassLoader classLoader(ServletContext context) {
    ClassLoader loader = context.getClassLoader();
    return loader != null ? loader : HttpCacheFilter.class.getClassLoader();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String method = request.getMethod();
    if (method.equals("GET") || method.equals("HEAD")) {
      var route = routes.route(RequestFactsReader.path(request));
      if (route.isPresent()) {
        cache.serveRead(request, response, chain, route.get());
        return;
      }
    } else if (cache.mayInvalidate(method)) {
      cache.serveWrite(request, response, chain);
      return;
    }
    chain.doFilter(request, response);
  }

  @Override
  public void destroy() {
    if (cache != null) {
      if (context.getAttribute(CACHE_ATTRIBUTE) == cache) {
        context.removeAttribute(CACHE_ATTRIBUTE);
      }
      cache.close();
    }
  }
}
