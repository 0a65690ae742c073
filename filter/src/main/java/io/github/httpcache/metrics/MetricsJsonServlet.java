package io.github.httpcache.metrics;

import io.github.httpcache.HttpCache;
import io.github.httpcache.servlet.JsonResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metrics/cache}: this node's hits and misses, the busiest keys as {@code [key, count]}
 * pairs, and the number of entries in Redis ({@code null} while Redis does not answer).
 */
public final class MetricsJsonServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    HttpCache cache = JsonResponses.installedCache(getServletContext(), response);
    if (cache == null) {
      return;
    }
    CacheStatistics statistics = cache.statistics();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("hits", statistics.hits());
    body.put("misses", statistics.misses());
    body.put("top_keys", statistics.topKeys().stream().map(e -> List.of(e.getKey(), e.getValue())).toList());
    body.put("total_cached_keys",
        statistics.totalCachedKeys().isPresent() ? statistics.totalCachedKeys().getAsLong() : null);
    JsonResponses.write(response, 200, body);
  }
}
