package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Redis reconfigured while the cache runs ({@code CONFIG SET}), as {@code ServerWatch} reads it
 * again: a {@code maxmemory-policy} startup would have refused, and writes refused while reads are
 * still answered.
 */
class RedisConfigChangeTest {
  private static final Duration BOUNDED_WAIT = Duration.ofSeconds(30);
  private static RedisFixture redis;
  private static TestServer server;
  /** Every answer differs ("call 1", "call 2"...): an old body served again is the old entry. */
  private static final OriginServlet origin = new OriginServlet();

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.startProcess();
    server = TestServer.start(TestServer.config(
        "redis.url", redis.url(),
        "route.page.path", "/page/{kind}/{id}",
        "route.page.ttl", "60s"), Map.of("/page/*", origin));
  }

  @AfterAll
  static void stop() {
    server.close();
    redis.close();
  }

  @Test
  void aServerTurnedToAllkeysIsBypassedThenEmptiedBeforeItIsTrustedAgain() throws Exception {
    String path = "/page/stream/policy";
    HttpResponse<String> filled = server.get(path);
    assertEquals("MISS", xCache(filled));
    assertEquals(filled.body(), server.get(path).body());

    redis.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    HttpResponse<String> bypassed;
    try {
      bypassed = awaitAnswer(path, response -> xCache(response).equals("BYPASS"));
    } finally {
      redis.command("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
    }
    HttpResponse<String> servedAgain = awaitAnswer(path, response -> !xCache(response).equals("BYPASS"));
    HttpResponse<String> hit = server.get(path);

    assertAll(
        () -> assertNotEquals(filled.body(), bypassed.body(), "a bypass is the origin's answer"),
        () -> assertEquals("MISS", xCache(servedAgain), "the entry stored before the policy changed is gone"),
        () -> assertNotEquals(filled.body(), servedAgain.body()),
        () -> assertEquals("HIT", xCache(hit)),
        () -> assertEquals(servedAgain.body(), hit.body()));
  }

  /**
   * {@code min-replicas-to-write 1} with no replica: every write is refused ({@code -NOREPLICAS}), so
   * an invalidation could not reach the entries; none is served until writes are accepted again,
   * and then the same entries are (nothing was lost, so nothing is emptied).
   */
  @Test
  void aServerRefusingWritesIsNotServedFromUntilItAcceptsThemAgain() throws Exception {
    assertNoEntryServedWhile("/page/stream/writes", List.of("CONFIG", "SET", "min-replicas-to-write", "1"),
        List.of("CONFIG", "SET", "min-replicas-to-write", "0"));
  }

  /** The cache's user loses its write permissions ({@code ACL SETUSER ... -@write}): its invalidations would fail. */
  @Test
  void aUserThatMayNoLongerWriteIsNotServedEntries() throws Exception {
    assertNoEntryServedWhile("/page/stream/acl", List.of("ACL", "SETUSER", "default", "-@write"),
        List.of("ACL", "SETUSER", "default", "+@all"));
  }

  /** {@code CLIENT PAUSE WRITE}: reads are answered while writes wait, as refused as writes answered with an error. */
  @Test
  void aServerMakingWritesWaitIsNotServedFromUntilTheyAreTakenAgain() throws Exception {
    assertNoEntryServedWhile("/page/stream/paused", List.of("CLIENT", "PAUSE", "30000", "WRITE"),
        List.of("CLIENT", "UNPAUSE"));
  }

  /**
   * Fills {@code path}, sends Redis {@code change}: lookups bypass it within a bounded wait, and for
   * a second of readings after; then {@code restore}: the same entry is served again.
   */
  private static void assertNoEntryServedWhile(String path, List<String> change, List<String> restore)
      throws Exception {
    HttpResponse<String> filled = server.get(path);
    assertEquals("MISS", xCache(filled));
    assertEquals("HIT", xCache(server.get(path)));

    redis.command(change.toArray(String[]::new));
    HttpResponse<String> bypassed;
    try {
      bypassed = awaitAnswer(path, response -> xCache(response).equals("BYPASS"));
      assertNeverServedFor(path, Duration.ofSeconds(1));
    } finally {
      redis.command(restore.toArray(String[]::new));
    }
    HttpResponse<String> servedAgain = awaitAnswer(path, response -> !xCache(response).equals("BYPASS"));

    assertAll(
        () -> assertNotEquals(filled.body(), bypassed.body(), "a bypass is the origin's answer"),
        () -> assertEquals("HIT", xCache(servedAgain)),
        () -> assertEquals(filled.body(), servedAgain.body()));
  }

  /** Requests {@code path} for {@code period} (several readings of the server): every answer is the origin's. */
  private static void assertNeverServedFor(String path, Duration period) throws Exception {
    long end = System.nanoTime() + period.toNanos();
    while (System.nanoTime() - end < 0) {
      assertEquals("BYPASS", xCache(server.get(path)), "an entry served while writes are refused");
      Thread.sleep(20);
    }
  }

  /** Requests {@code path} until an answer is {@code wanted}, within a bounded wait. */
  private static HttpResponse<String> awaitAnswer(String path, Predicate<HttpResponse<String>> wanted) throws Exception {
    long deadline = System.nanoTime() + BOUNDED_WAIT.toNanos();
    HttpResponse<String> response = server.get(path);
    while (!wanted.test(response)) {
      if (System.nanoTime() - deadline > 0) {
        return fail("no such answer for " + path + " within " + BOUNDED_WAIT + "; the last was " + xCache(response));
      }
      Thread.sleep(50);
      response = server.get(path);
    }
    return response;
  }

  private static String xCache(HttpResponse<String> response) {
    return response.headers().firstValue("X-Cache").orElse("");
  }
}
