package io.github.httpcache.metrics;

import com.codahale.metrics.MetricRegistry;
import io.github.httpcache.servlet.JsonResponses;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the application's Dropwizard registry (the one the filter records into),
 * exported by the Prometheus Java client itself: its Dropwizard bridge and its Jakarta servlet
 * exporter (text format, or OpenMetrics and protobuf when the scraper asks for them).
 */
public final class PrometheusServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private transient PrometheusMetricsServlet exporter;

  @Override
  public void init() throws ServletException {
    PrometheusRegistry prometheus = new PrometheusRegistry();
    MetricRegistry registry = MetricRegistries.findOrCreate(getServletContext());
    // httpcache.route.<route>.<what> becomes httpcache_route_<what>{route="<route>"}.
    DropwizardExports.builder().dropwizardRegistry(registry)
        .metricFilter((name, metric) -> !PerRouteCollector.handles(name)).register(prometheus);
    prometheus.register(new PerRouteCollector(registry));
    exporter = new PrometheusMetricsServlet(prometheus);
    exporter.init(getServletConfig());
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
    response.setHeader("Cache-Control", "no-store");
    if (!parametersReadable(request)) {
      JsonResponses.message(response, 400, "Malformed query string: parameters must be valid percent-encoded UTF-8, "
          + "e.g. /metrics?name[]=httpcache_hits");
      return;
    }
    exporter.service(request, response);
  }

  // The exporter URL-decodes the raw query for name[] and the container parses it too: either throwing is a 500.
  private static boolean parametersReadable(HttpServletRequest request) {
    String query = request.getQueryString();
    try {
      if (query != null) {
        URLDecoder.decode(query, StandardCharsets.UTF_8);
      }
      request.getParameterMap();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void destroy() {
    if (exporter != null) {
      exporter.destroy();
    }
  }
}
