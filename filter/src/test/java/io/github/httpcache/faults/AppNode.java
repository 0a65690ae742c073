package io.github.httpcache.faults;

import com.codahale.metrics.MetricRegistry;
import io.github.httpcache.HttpCacheFilter;
import io.github.httpcache.metrics.MetricRegistries;
import io.github.httpcache.servlet.AdminServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One app node of the fault rig: a real Jetty 12 server on a free loopback port with the filter
 * installed as web.xml would, in front of the shared origin. Every request carries the same
 * {@code Host}, as behind a load balancer: an entry is only served to the origin it was filled for.
 */
final class AppNode implements AutoCloseable {
  /** HTTP/1.1: no h2c upgrade attempt on every new connection; 10 s per request bounds a hung node. */
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final String HOST = "localhost";

  private final Server server;
  private final ServletContextHandler context;
  private final int port;

  private AppNode(Server server, ServletContextHandler context, int port) {
    this.server = server;
    this.context = context;
    this.port = port;
  }

  static AppNode start(Map<String, String> initParams, HttpServlet origin) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder filter = new FilterHolder(HttpCacheFilter.class);
    filter.setName("http-cache");
    filter.setAsyncSupported(true);
    filter.setInitParameters(initParams);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder holder = new ServletHolder(origin);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/v/*");
    // The admin endpoint, as web.xml maps it: the clients purge the whole namespace through it.
    context.addServlet(new ServletHolder(new AdminServlet()), "/api/invalidate/*");
    server.setHandler(context);
    server.start();
    if (!context.isAvailable()) {
      server.stop();
      throw new IllegalStateException("the app node's context did not start; see the log above");
    }
    return new AppNode(server, context, connector.getLocalPort());
  }

  HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).header("Host", HOST)
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A counter of the filter's metric registry (0 if the filter has none): how the node saw the fault. */
  long counter(String name) {
    Object registry = context.getServletContext().getAttribute(MetricRegistries.REGISTRY_ATTRIBUTE);
    return registry instanceof MetricRegistry metrics ? metrics.counter(name).getCount() : 0;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping an app node", e);
    } catch (Exception e) {
      throw new IllegalStateException("an app node did not stop", e);
    }
  }
}
