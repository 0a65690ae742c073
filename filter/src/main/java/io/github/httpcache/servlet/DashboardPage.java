package io.github.httpcache.servlet;

import io.github.httpcache.metrics.DashboardFigures;
import io.github.httpcache.metrics.HitRatioHistory;
import io.github.httpcache.metrics.RouteStatistics;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The admin dashboard: one self-contained HTML page (inline CSS and JS, read once from the filter
 * JAR) and the JSON it polls. The page holds no data of its own; the JSON is guarded by the
 * admin servlet like its DELETE endpoints.
 */
final class DashboardPage {
  /** Path after the admin mapping that serves the HTML page. */
  static final String PAGE_PATH = "/dashboard";

  /** Path after the admin mapping that serves the page's figures. */
  static final String DATA_PATH = "/dashboard.json";

  private static final String RESOURCE = "dashboard.html";
  private static final byte[] HTML;
  private static final String CONTENT_SECURITY_POLICY;

  static {
    String html = read();
    HTML = html.getBytes(StandardCharsets.UTF_8);
    // Inline code runs only if it hashes to what we shipped; no other script, style, frame or form target.
    CONTENT_SECURITY_POLICY = "default-src 'none'; script-src '" + hash(inner(html, "script")) + "'; style-src '"
        + hash(inner(html, "style")) + "'; connect-src 'self'; base-uri 'none'; "
        + "form-action 'none'; frame-ancestors 'none'";
  }

  private DashboardPage() {}

  static void writePage(HttpServletResponse response) throws IOException {
    response.setStatus(200);
    response.setContentType("text/html;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setContentLength(HTML.length);
    response.getOutputStream().write(HTML);
  }

  static void writeData(DashboardFigures figures, HttpServletResponse response) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("hits", figures.hits());
    body.put("misses", figures.misses());
    body.put("hit_ratio", ratio(HitRatioHistory.overall(figures.history())));
    body.put("stored_bytes", figures.storedBytes());
    body.put("entries", figures.entries().isPresent() ? figures.entries().getAsLong() : null);
    body.put("history_interval_seconds", figures.historyInterval().toSeconds());
    body.put("history_window_seconds", figures.historyWindow().toSeconds());
    body.put("history", figures.history().stream().map(DashboardPage::point).toList());
    body.put("routes", figures.routes().stream().map(DashboardPage::route).toList());
    body.put("top_keys", figures.topKeys().stream()
        .map(entry -> Map.of("key", entry.getKey(), "count", entry.getValue())).toList());
    body.put("unkeyed_inputs", unkeyedInputs(figures.unkeyedInputs()));
    JsonResponses.write(response, 200, body);
  }

  /** One row per route and input that kept pages out of the cache in the last 15 minutes. */
  private static java.util.List<Map<String, Object>> unkeyedInputs(Map<String, Map<String, Long>> byRoute) {
    java.util.List<Map<String, Object>> rows = new java.util.ArrayList<>();
    new java.util.TreeMap<>(byRoute).forEach((route, inputs) -> new java.util.TreeMap<>(inputs).forEach(
        (input, count) -> rows.add(Map.of("route", route, "input", input, "count", count))));
    return rows;
  }

  private static Map<String, Object> point(HitRatioHistory.Point point) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("end", point.end().toEpochMilli());
    json.put("hits", point.hits());
    json.put("misses", point.misses());
    json.put("ratio", ratio(point.ratio()));
    return json;
  }

  private static Map<String, Object> route(RouteStatistics route) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("route", route.route());
    json.put("hits", route.hits());
    json.put("misses", route.misses());
    json.put("bypasses", route.bypasses());
    json.put("stores", route.stores());
    json.put("stored_bytes", route.storedBytes());
    json.put("hit_ratio", ratio(route.hitRatio()));
    return json;
  }

  private static Double ratio(OptionalDouble ratio) {
    return ratio.isPresent() ? ratio.getAsDouble() : null;
  }

  private static String read() {
    try (InputStream in = DashboardPage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Classpath resource " + RESOURCE + " is missing next to "
            + DashboardPage.class.getName() + ": expected it packaged in the filter JAR");
      }
      // Browsers hash inline code after turning CRLF into LF; so must we, whatever the checkout did.
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Reading " + RESOURCE + " failed", e);
    }
  }

  /** The text between the page's only {@code <tag>} and its closing tag. */
  private static String inner(String html, String tag) {
    int open = html.indexOf("<" + tag + ">");
    int close = html.indexOf("</" + tag + ">");
    if (open < 0 || close < open || html.indexOf("<" + tag + ">", open + 1) >= 0) {
      throw new IllegalStateException(RESOURCE + ": expected exactly one <" + tag + "> element without attributes");
    }
    return html.substring(open + tag.length() + 2, close);
  }

  private static String hash(String code) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
