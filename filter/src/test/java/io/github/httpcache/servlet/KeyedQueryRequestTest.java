package io.github.httpcache.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.config.RouteTable;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a servlet behind a real Jetty reads through {@link KeyedQueryRequest}, on routes with and without an allow-list. */
class KeyedQueryRequestTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final RouteTable ROUTES = ConfigParser.parse(Map.of(
      "route.search.path", "/search",
      "route.search.ttl", "60s",
      "route.search.query", "q",
      "route.open.path", "/open",
      "route.open.ttl", "60s")).routeTable();

  private static Server server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(new HidingFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new EchoServlet()), "/*");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  /** Wraps as the fill path does: by the route the request's path matches. */
  private static final class HidingFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest http = (HttpServletRequest) request;
      chain.doFilter(ROUTES.route(RequestFactsReader.path(http))
          .map(match -> KeyedQueryRequest.hidingUnkeyed(http, match.route())).orElse(http), response);
    }
  }

  /** Echoes, one per line, everything a servlet could read the query from. */
  private static final class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String map = request.getParameterMap().entrySet().stream()
          .map(e -> e.getKey() + "=" + Arrays.toString(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
      response.setContentType("text/plain;charset=utf-8");
      response.getWriter().print(String.join("\n",
          "query " + request.getQueryString(),
          "map " + map,
          "names " + Collections.list(request.getParameterNames()),
          "callback " + request.getParameter("callback") + " " + Arrays.toString(request.getParameterValues("callback")),
          "q " + request.getParameter("q") + " " + Arrays.toString(request.getParameterValues("q"))));
    }
  }

  private static String echo(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).GET().build();
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  @ParameterizedTest(name = "/search?{0}: query {1}, map {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # raw query                    | query the servlet reads | parameter map the servlet reads
      q=1&callback=evil              | q=1                     | {q=[1]}
      callback=evil&q=1              | q=1                     | {q=[1]}
      q=a+b&callback=x&q=%41         | q=a+b&q=%41             | {q=[a b, A]}
      callback=evil                  | null                    | {}
      q=1&nocache=false              | q=1                     | {q=[1]}
      %63allback=evil&q=1            | q=1                     | {q=[1]}
      Q=1&q=2&&                      | q=2                     | {q=[2]}
      %71=%C3%A9&callback=evil       | %71=%C3%A9              | {q=[é]}
      """)
  void onlyTheAllowedParametersAreVisible(String rawQuery, String query, String map) throws Exception {
    String body = echo("/search?" + rawQuery);

    assertEquals("query " + query, line(body, 0));
    assertEquals("map " + map, line(body, 1));
    assertEquals("callback null null", line(body, 3));
  }

  @Test
  void namesAndValuesOfTheKeptParametersAreAllThereIs() throws Exception {
    String body = echo("/search?callback=evil&q=2&jsonp=x&q=1");

    assertEquals("names [q]", line(body, 2));
    assertEquals("q 2 [2, 1]", line(body, 4));
  }

  @Test
  void aRouteWithoutAnAllowListKeysEveryParameterSoHidesNone() throws Exception {
    String body = echo("/open?q=1&callback=evil");

    assertEquals("query q=1&callback=evil", line(body, 0));
    assertEquals("callback evil [evil]", line(body, 3));
  }

  private static String line(String body, int index) {
    return body.split("\n", -1)[index];
  }
}
