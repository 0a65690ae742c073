package io.github.httpcache.metrics;

import io.github.httpcache.HttpCache;
import io.github.httpcache.servlet.AdminAccess;
import io.github.httpcache.servlet.JsonResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /metrics/cache}: this node's hits and misses, the busiest keys as {@code [key, count]}
 * pairs, and the number of entries in Redis ({@code null} while Redis does not answer; at most 30 s
 * old). Open to anyone who reaches it, so to a client without admin rights ({@link AdminAccess}) a
 * key shows its path only: the query becomes {@code ?…} and a per-user part is dropped.
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
    List<Map.Entry<String, Long>> topKeys = AdminAccess.isAdmin(cache.settings(), request)
        ? statistics.topKeys() : withoutQueries(statistics.topKeys());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("hits", statistics.hits());
    body.put("misses", statistics.misses());
    body.put("top_keys", topKeys.stream().map(e -> List.of(e.getKey(), e.getValue())).toList());
    body.put("total_cached_keys",
        statistics.totalCachedKeys().isPresent() ? statistics.totalCachedKeys().getAsLong() : null);
    JsonResponses.write(response, 200, body);
  }

  /** {@code GET:/a?x=1#user=bob} as {@code GET:/a?…}: query values and user names may be secrets (tokens, emails). */
  static String withoutQuery(String key) {
    int query = key.indexOf('?');
    int user = key.indexOf('#');
    int end = query < 0 ? user : user < 0 ? query : Math.min(query, user);
    if (end < 0) {
      return key;
    }
    return end == query ? key.substring(0, end) + "?\u2026" : key.substring(0, end);
  }

  /** The top keys without their queries; keys that become equal are merged, their counts added, busiest first. */
  static List<Map.Entry<String, Long>> withoutQueries(List<Map.Entry<String, Long>> topKeys) {
    Map<String, Long> merged = topKeys.stream().collect(
        Collectors.toMap(e -> withoutQuery(e.getKey()), Map.Entry::getValue, Long::sum, LinkedHashMap::new));
    return merged.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .map(e -> Map.entry(e.getKey(), e.getValue()))
        .toList();
  }
}
