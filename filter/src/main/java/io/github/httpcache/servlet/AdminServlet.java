package io.github.httpcache.servlet;

import io.github.httpcache.HttpCache;
import io.github.httpcache.store.InvalidationPlan;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The admin invalidation endpoint. {@code DELETE <mapping>/{key}} deletes one entry by its exact
 * logical key, written raw after the mapping ({@code DELETE /api/invalidate/GET:/api/posts/});
 * {@code DELETE <mapping>?pattern=<glob>}, {@code ?tag=<tag>} and {@code ?all=true} delete by
 * pattern, by tag and the whole namespace. Each answers with how many entries it removed. Guarded
 * by {@link AdminAccess}: {@code admin.token} ({@code Authorization: Bearer <token>}), else local
 * operators only ({@link LoopbackRule}).
 *
 * <p>{@code GET <mapping>/dashboard} serves the admin dashboard, a static page: with a token
 * configured anyone who reaches the mapping may load it (it holds no data); loopback-only, it is
 * guarded like everything else. Its figures come from {@code GET <mapping>/dashboard.json}, guarded
 * exactly like the DELETEs; the page sends the token the user types in the same {@code
 * Authorization} header, never in the URL.
 */
public final class AdminServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    boolean get = request.getMethod().equals("GET");
    HttpCache cache = JsonResponses.installedCache(getServletContext(), response);
    if (cache == null) {
      return;
    }
    boolean page = get && DashboardPage.PAGE_PATH.equals(request.getPathInfo());
    // With a token the page holds no secret and may stay public; loopback-only, even the page is for local operators.
    if (page && cache.settings().hasAdminToken()) {
      DashboardPage.writePage(response);
      return;
    }
    if (!AdminAccess.require(cache.settings(), request, response)) {
      return;
    }
    if (page) {
      DashboardPage.writePage(response);
    } else if (get && DashboardPage.DATA_PATH.equals(request.getPathInfo())) {
      DashboardPage.writeData(cache.dashboard(), response);
    } else if (!request.getMethod().equals("DELETE")) {
      response.setHeader("Allow", "DELETE");
      JsonResponses.message(response, 405, "Use DELETE with the logical key, e.g. DELETE /api/invalidate/GET:/api/posts/");
    } else {
      delete(cache, request, response);
    }
  }

  /** A guarded DELETE: by exact key, pattern, tag, or everything. */
  private static void delete(HttpCache cache, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String key = logicalKey(request);
    if (!key.isEmpty()) {
      answer(response, cache.invalidate(InvalidationPlan.ofKeys(List.of(key))), "Cache key deleted", "Cache key not found");
    } else if (request.getParameter("pattern") != null && !request.getParameter("pattern").isEmpty()) {
      String pattern = request.getParameter("pattern");
      answer(response, cache.invalidate(InvalidationPlan.ofPattern(pattern)), "Entries matching " + pattern + " deleted", null);
    } else if (request.getParameter("tag") != null && !request.getParameter("tag").isEmpty()) {
      String tag = request.getParameter("tag");
      answer(response, cache.invalidate(InvalidationPlan.ofTag(tag)), "Entries tagged " + tag + " deleted", null);
    } else if ("true".equals(request.getParameter("all"))) {
      answer(response, cache.invalidate(InvalidationPlan.everything()), "Namespace purged", null);
    } else {
      JsonResponses.message(response, 400, "Say what to delete: DELETE /api/invalidate/{key}, or ?pattern=<glob>, "
          + "?tag=<tag> or ?all=true, e.g. DELETE /api/invalidate/GET:/api/posts/");
    }
  }

  /**
   * 200 with how many entries went; 404 when a single key was not there; 202 when Redis did not
   * answer: the invalidation is journaled, not lost, and Redis trouble is never a 5xx.
   */
  private static void answer(HttpServletResponse response, OptionalLong deleted, String done, String notFound)
      throws IOException {
    if (deleted.isEmpty()) {
      JsonResponses.write(response, 202, Map.of("message", "Redis did not answer: the invalidation is journaled and "
          + "replayed when Redis answers; until then this node's reads of what it names bypass the cache",
          "journaled", true));
    } else if (deleted.getAsLong() == 0 && notFound != null) {
      JsonResponses.write(response, 404, Map.of("message", notFound, "deleted", 0));
    } else {
      JsonResponses.write(response, 200, Map.of("message", done, "deleted", deleted.getAsLong()));
    }
  }

  /** The key after the mapping, with the query string kept: keys may contain {@code ?}. */
  private static String logicalKey(HttpServletRequest request) {
    String pathInfo = request.getPathInfo();
    String key = pathInfo == null ? "" : pathInfo.substring(1);
    String query = request.getQueryString();
    return query == null || key.isEmpty() ? key : key + "?" + query;
  }
}
