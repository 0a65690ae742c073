package io.github.httpcache.conformance;

import io.github.httpcache.HttpCacheFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The cache under test for the http-tests/cache-tests suite: Jetty 12 on a loopback port, the
 * filter from the self-contained JAR installed as web.xml would, in front of a forwarder to the
 * suite's origin, with {@code cache.freshness = origin} and {@code route.all.path = /**}, as a
 * reverse proxy caching what the origin allows. Every other setting is the product's default
 * (cookies bypass, no route grace, no fallback TTL) but {@code cache.forward-targeted-fields} and
 * {@code cache.heuristic-freshness}.
 *
 * <pre>
 * java -cp ... io.github.httpcache.conformance.CacheTestsHarness STYLE ORIGIN REDIS_URL PORT_FILE [key=value ...]
 *   STYLE      proxy (Jetty's async ProxyServlet) or blocking (a servlet that waits for the origin)
 *   ORIGIN     the suite's server, e.g. http://127.0.0.1:8000
 *   PORT_FILE  where the chosen port is written once the server accepts requests
 *   key=value  more filter settings, overriding the defaults above
 * </pre>
 */
public final class CacheTestsHarness {
  private CacheTestsHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: CacheTestsHarness proxy|blocking ORIGIN REDIS_URL PORT_FILE [key=value ...]");
      System.exit(2);
    }
    Map<String, String> config = config(args[2]);
    for (int i = 4; i < args.length; i++) {
      int equals = args[i].indexOf('=');
      config.put(args[i].substring(0, equals).trim(), args[i].substring(equals + 1).trim());
    }
    Server server = start(forwarder(args[0], args[1]), config);
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    Files.writeString(Path.of(args[3]), Integer.toString(port), StandardCharsets.US_ASCII);
    System.out.println("cache-tests harness (" + args[0] + ") on http://127.0.0.1:" + port + " -> " + args[1]);
    server.join();
  }

  /** The suite's reverse-proxy setup: everything cached as the origin's headers allow, nothing without them. */
  static Map<String, String> config(String redisUrl) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("redis.url", redisUrl);
    config.put("cache.freshness", "origin");
    config.put("route.all.path", "/**");
    // The suite expects CDN-Cache-Control passed on (cdn-private, cdn-no-cache check the client gets it).
    config.put("cache.forward-targeted-fields", "true");
    // The suite's heuristic-* tests expect a Last-Modified heuristic, which is opt-in; RFC 9111 §4.2.2 suggests 10%.
    config.put("cache.heuristic-freshness", "10%");
    return config;
  }

  static HttpServlet forwarder(String style, String origin) {
    return switch (style) {
      case "proxy" -> new AsyncProxyForwarder(origin);
      case "blocking" -> new BlockingForwarder(origin);
      default -> throw new IllegalArgumentException("style must be proxy or blocking, not " + style);
    };
  }

  static Server start(HttpServlet forwarder, Map<String, String> config) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1"); // the suite talks to it locally; nothing else should
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder check = new FilterHolder(new CrossKeyCheck());
    check.setAsyncSupported(true);
    context.addFilter(check, "/*", EnumSet.of(DispatcherType.REQUEST));
    FilterHolder filter = new FilterHolder(HttpCacheFilter.class);
    filter.setName("http-cache");
    filter.setAsyncSupported(true);
    filter.setInitParameters(config);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder holder = new ServletHolder(forwarder);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    server.setHandler(context);
    server.setStopAtShutdown(true);
    server.start();
    if (!context.isAvailable()) {
      server.stop();
      throw new IllegalStateException("the harness context did not start; see the log above");
    }
    return server;
  }
}
