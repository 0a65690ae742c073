package io.github.httpcache;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 ee10 server on a free loopback port with the filter installed through a
 * {@link FilterHolder} and init-params, exactly as web.xml would, in front of test servlets.
 */
final class TestServer implements AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Server server;
  private final ServletContextHandler context;
  private final int port;
  /** The {@code Host} every request carries, when set: app nodes behind one load balancer see the same one. */
  private volatile String host;

  private TestServer(Server server, ServletContextHandler context, int port) {
    this.server = server;
    this.context = context;
    this.port = port;
  }

  /** Starts the server; {@code servlets} maps path specs to servlets; no init-params means no filter (a bare origin). */
  static TestServer start(Map<String, String> initParams, Map<String, HttpServlet> servlets) throws Exception {
    return start(initParams, servlets, false, false);
  }

  /**
   * As {@link #start(Map, Map)}, with HTTP sessions ({@code getSession(true)} sets {@code JSESSIONID})
   * and/or Jetty's forwarded-header handling ({@code X-Forwarded-Host} and {@code Forwarded} change
   * what {@code getServerName()} answers), as a careless deployment behind a proxy has them.
   */
  static TestServer start(Map<String, String> initParams, Map<String, HttpServlet> servlets, boolean sessions,
      boolean forwardedHeaders) throws Exception {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    if (forwardedHeaders) {
      http.addCustomizer(new ForwardedRequestCustomizer());
    }
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/", sessions ? ServletContextHandler.SESSIONS : 0);
    FilterHolder filter = new FilterHolder(HttpCacheFilter.class);
    filter.setName("http-cache");
    filter.setAsyncSupported(true);
    Map<String, String> parameters = new LinkedHashMap<>(initParams);
    // A generous budget, so a slow CI machine's first Redis round trip is not a timeout; fault tests set their own.
    if (parameters.containsKey("redis.url")) {
      parameters.putIfAbsent("redis.timeout", "2s");
    }
    filter.setInitParameters(parameters);
    if (!initParams.isEmpty()) {
      context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    servlets.forEach((spec, servlet) -> {
      ServletHolder holder = new ServletHolder(servlet);
      holder.setAsyncSupported(true);
      context.addServlet(holder, spec);
    });
    server.setHandler(context);
    try {
      server.start();
      if (!context.isAvailable()) {
        throw new IllegalStateException("the test context did not start; see the log above");
      }
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new TestServer(server, context, connector.getLocalPort());
  }

  /** Init-params from alternating keys and values, in order. */
  static Map<String, String> config(String... keysAndValues) {
    Map<String, String> config = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      config.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return config;
  }

  ServletContextHandler context() {
    return context;
  }

  int port() {
    return port;
  }

  /** From now on every request this helper sends carries {@code Host: host}, like a node behind a load balancer. */
  TestServer behind(String host) {
    this.host = host;
    return this;
  }

  private void addHost(HttpRequest.Builder request) {
    if (host != null) {
      request.header("Host", host);
    }
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
    return send("GET", pathAndQuery, null, headers);
  }

  /** Sends a request and keeps the body as bytes (nothing is decompressed). */
  HttpResponse<byte[]> sendForBytes(String method, String pathAndQuery, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    addHost(request);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    addHost(request);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the test server", e);
    } catch (Exception e) {
      throw new IllegalStateException("the test server did not stop", e);
    }
  }
}
