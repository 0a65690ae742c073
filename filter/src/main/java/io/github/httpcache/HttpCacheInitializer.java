package io.github.httpcache;

import io.github.httpcache.config.ConfigException;
import io.github.httpcache.config.ConfigKeys;
import io.github.httpcache.config.Placeholders;
import io.github.httpcache.metrics.MetricsJsonServlet;
import io.github.httpcache.metrics.PrometheusServlet;
import io.github.httpcache.servlet.AdminServlet;
import io.github.httpcache.servlet.ConfigLoader;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drop-in for applications whose web.xml is {@code metadata-complete} (the container then
 * ignores the JAR's web-fragment.xml, but still runs initializers): with this JAR in
 * {@code WEB-INF/lib} and an {@code http-cache.properties} on the application's classpath
 * ({@code WEB-INF/classes}), the cache filter is registered for {@code /*}, after the application's
 * own filters.
 *
 * <p>It steps aside when a filter named {@value #FILTER_NAME} is already declared (by web.xml or by
 * the web-fragment), so explicit configuration always wins, and when the properties file is
 * absent. The JAR's servlets are mapped only where the properties ask:
 * {@value ConfigKeys#ADMIN_PATH}, {@value ConfigKeys#METRICS_JSON_PATH},
 * {@value ConfigKeys#PROMETHEUS_PATH}.
 */
public final class HttpCacheInitializer implements ServletContainerInitializer {
  public static final String FILTER_NAME = "http-cache";
  public static final String PROPERTIES = "http-cache.properties";

  private static final Logger log = LoggerFactory.getLogger(HttpCacheInitializer.class);

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
    if (context.getFilterRegistration(FILTER_NAME) != null) {
      return;
    }
    ClassLoader loader = context.getClassLoader() != null ? context.getClassLoader() : getClass().getClassLoader();
    if (loader.getResource(PROPERTIES) == null) {
      return;
    }
    Map<String, String> entries;
    try {
      entries = Placeholders.resolve(ConfigLoader.readProperties("classpath:" + PROPERTIES, loader),
          Placeholders::systemLookup);
    } catch (ConfigException e) {
      throw new ServletException("http-cache configuration error: " + e.getMessage(), e);
    }
    FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, HttpCacheFilter.class);
    filter.setAsyncSupported(true);
    filter.setInitParameter(ConfigKeys.CONFIG_FILE, "classpath:" + PROPERTIES);
    filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    map(context, entries, ConfigKeys.ADMIN_PATH, "http-cache-admin", AdminServlet.class);
    map(context, entries, ConfigKeys.METRICS_JSON_PATH, "http-cache-metrics", MetricsJsonServlet.class);
    map(context, entries, ConfigKeys.PROMETHEUS_PATH, "http-cache-prometheus", PrometheusServlet.class);
    log.info("http-cache: filter registered for {} from {}", context.getContextPath(), PROPERTIES);
  }

  private static void map(ServletContext context, Map<String, String> entries, String key, String name,
      Class<? extends Servlet> servlet) throws ServletException {
    String path = entries.getOrDefault(key, "").trim();
    if (path.isEmpty()) {
      return;
    }
    if (!path.startsWith("/")) {
      throw new ServletException("http-cache configuration error: "
          + ConfigException.of(key, path, "a servlet URL pattern starting with /, e.g. /cache-admin/*").getMessage());
    }
    ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
    if (registration == null) {
      return; // the application declares a servlet of that name: its mapping stands
    }
    registration.setAsyncSupported(true);
    registration.setLoadOnStartup(2);
    registration.addMapping(path);
  }
}
