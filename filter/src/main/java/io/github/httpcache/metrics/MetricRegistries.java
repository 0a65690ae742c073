package io.github.httpcache.metrics;

import com.codahale.metrics.MetricRegistry;
import jakarta.servlet.ServletContext;

/**
 * Finds the application's {@link MetricRegistry} under a documented ServletContext attribute, or
 * creates one and publishes it there, so the filter and the metrics servlets always share one.
 */
public final class MetricRegistries {
  /** The attribute an application sets to hand the cache its own registry. */
  public static final String REGISTRY_ATTRIBUTE = "io.github.httpcache.HttpCacheFilter.registry";

  private MetricRegistries() {}

  public static MetricRegistry findOrCreate(ServletContext context) {
    synchronized (context) {
      Object existing = context.getAttribute(REGISTRY_ATTRIBUTE);
      if (existing instanceof MetricRegistry registry) {
        return registry;
      }
      if (existing != null) {
        throw new IllegalStateException(REGISTRY_ATTRIBUTE + " holds a " + existing.getClass().getName()
            + ", expected a com.codahale.metrics.MetricRegistry");
      }
      MetricRegistry registry = new MetricRegistry();
      context.setAttribute(REGISTRY_ATTRIBUTE, registry);
      return registry;
    }
  }
}
