package io.github.httpcache;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A resource whose every write makes a new version: the "database" behind one or more nodes.
 * GET answers the current version; PUT makes the next one and answers it. A test can hold a GET
 * between its database read and its answer, to stage the classic stale-fill race.
 */
final class VersionedResource extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final Map<String, AtomicLong> versions;
  private volatile CountDownLatch readDone = new CountDownLatch(0);
  private volatile CountDownLatch proceed = new CountDownLatch(0);
  private volatile String heldItem = "";
  private volatile int readJitterMillis;

  /** One node's servlet over the shared {@code versions} (pass the same map to every node). */
  VersionedResource(Map<String, AtomicLong> versions) {
    this.versions = versions;
  }

  static Map<String, AtomicLong> database() {
    return new ConcurrentHashMap<>();
  }

  /** Makes every GET spend up to this long between reading the version and answering, to widen races. */
  void jitterReads(int millis) {
    readJitterMillis = millis;
  }

  /** The next GET of {@code item} reads, then waits for {@link #release()} before answering. */
  void holdNextRead(String item) {
    heldItem = item;
    readDone = new CountDownLatch(1);
    proceed = new CountDownLatch(1);
  }

  boolean awaitHeldRead() throws InterruptedException {
    return readDone.await(10, TimeUnit.SECONDS);
  }

  void release() {
    proceed.countDown();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String item = request.getPathInfo().substring(1);
    long version = versions.computeIfAbsent(item, i -> new AtomicLong()).get();
    if (readJitterMillis > 0) {
      try {
        Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(readJitterMillis + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (item.equals(heldItem)) {
      heldItem = "";
      readDone.countDown();
      try {
        proceed.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    response.setContentType("text/plain");
    response.setHeader("Cache-Tag", "item-" + item + ", items");
    response.getWriter().write(Long.toString(version));
  }

  /** PUT, POST and PATCH all write: they differ only in which invalidation rule they match. */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (request.getMethod().equals("GET")) {
      doGet(request, response);
    } else {
      write(request, response);
    }
  }

  private void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String item = request.getPathInfo().substring(1);
    long version = versions.computeIfAbsent(item, i -> new AtomicLong()).incrementAndGet();
    response.setContentType("text/plain");
    response.getWriter().write(Long.toString(version));
  }
}
