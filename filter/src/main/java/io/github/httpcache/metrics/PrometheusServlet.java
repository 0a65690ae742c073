package io.github.httpcache.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /metrics}: the application's Dropwizard registry (the one the filter records into) in
 * the Prometheus text format, through the Prometheus client's own Dropwizard bridge and writer.
 */
public final class PrometheusServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private transient PrometheusRegistry prometheus;
  private transient PrometheusTextFormatWriter writer;

  @Override
  public void init() {
    prometheus = new PrometheusRegistry();
    DropwizardExports.builder().dropwizardRegistry(MetricRegistries.findOrCreate(getServletContext())).register(prometheus);
    writer = PrometheusTextFormatWriter.create();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setStatus(200);
    response.setContentType(writer.getContentType());
    response.setHeader("Cache-Control", "no-store");
    writer.write(response.getOutputStream(), prometheus.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
  }
}
