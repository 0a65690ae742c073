package io.github.httpcache.benchmarks;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.github.httpcache.HttpCacheFilter;
import io.github.httpcache.metrics.MetricRegistries;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The Jetty side the benchmarks share: a server on a free loopback port, and contexts with the filter installed as web.xml would. */
final class BenchServers {
  private BenchServers() {}

  /** Starts a Jetty 12 server on 127.0.0.1 and a free port, serving {@code handler}. */
  static Server startLoopback(Handler handler) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(handler);
    server.start();
    return server;
  }

  static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** A context at {@code contextPath} with the filter (these init-params) on every path, in front of {@code servlets}. */
  static ServletContextHandler filtered(String contextPath, Map<String, String> initParameters,
      Map<String, HttpServlet> servlets) {
    ServletContextHandler context = new ServletContextHandler(contextPath);
    FilterHolder filter = new FilterHolder(HttpCacheFilter.class);
    initParameters.forEach(filter::setInitParameter);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    servlets.forEach((pathSpec, servlet) -> context.addServlet(new ServletHolder(servlet), pathSpec));
    return context;
  }

  /** The filter's metric registry in {@code context} (published there by the filter's init). */
  static MetricRegistry registry(ServletContextHandler context) {
    return (MetricRegistry) context.getServletContext().getAttribute(MetricRegistries.REGISTRY_ATTRIBUTE);
  }

  /** Every {@code httpcache.*} counter but the per-route ones, by name: snapshot before and after a run, then subtract. */
  static Map<String, Long> counters(ServletContextHandler context) {
    Map<String, Long> counts = new TreeMap<>();
    for (Map.Entry<String, Counter> counter : registry(context).getCounters().entrySet()) {
      if (!counter.getKey().startsWith("httpcache.route.")) {
        counts.put(counter.getKey(), counter.getValue().getCount());
      }
    }
    return counts;
  }
}
