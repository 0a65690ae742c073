package io.github.httpcache.faults;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's servlet over the shared "database" of versioned resources: a PUT commits the next
 * version of its resource and answers it, so versions are the origin's commit order; a GET answers
 * the current one. A GET waits up to {@link #READ_JITTER_MILLIS} between reading and answering, as a
 * real query does, which leaves a fill's race with a write room to happen.
 */
final class VersionedOrigin extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final int READ_JITTER_MILLIS = 20;

  private final transient Map<String, AtomicLong> database;

  VersionedOrigin(Map<String, AtomicLong> database) {
    this.database = database;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    long version = version(request).get();
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(READ_JITTER_MILLIS + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    answer(response, version);
  }

  @Override
  protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
    answer(response, version(request).incrementAndGet());
  }

  /** Commits every resource whose name starts with this one's, answering a {@code name version} line for each. */
  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    commitEach(response, request.getPathInfo().substring(1));
  }

  /** Commits every resource, answering a {@code name version} line for each; no rule invalidates it (an admin purge does). */
  @Override
  protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
    commitEach(response, "");
  }

  private void commitEach(HttpServletResponse response, String prefix) throws IOException {
    response.setContentType("text/plain");
    if (!prefix.isEmpty()) {
      // The resource the path names, as a PUT would, even before anyone read it.
      database.computeIfAbsent(prefix, key -> new AtomicLong());
    }
    for (Map.Entry<String, AtomicLong> resource : database.entrySet()) {
      if (resource.getKey().startsWith(prefix)) {
        response.getWriter().write(resource.getKey() + " " + resource.getValue().incrementAndGet() + "\n");
      }
    }
  }

  private AtomicLong version(HttpServletRequest request) {
    return database.computeIfAbsent(request.getPathInfo().substring(1), key -> new AtomicLong());
  }

  private static void answer(HttpServletResponse response, long version) throws IOException {
    response.setContentType("text/plain");
    response.getWriter().write(Long.toString(version));
  }
}
