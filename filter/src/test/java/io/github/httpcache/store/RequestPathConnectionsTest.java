package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.testing.RedisFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request path's Jedis connections, through the store the cache builds from {@code
 * redis.url}, against a real redis-server process: values whole, replies never crossed between
 * threads, connections bounded, dropped connections replaced, a frozen or absent server a bounded
 * failure, the URL's database used.
 */
class RequestPathConnectionsTest {
  private static final String NAMESPACE = "path:";
  private static RedisFixture redis;

  @BeforeAll
  static void start() {
    redis = RedisFixture.startProcess();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @BeforeEach
  void empty() {
    redis.flushAll();
  }

  private static CacheSettings settings(String url, String timeout, String... more) {
    Map<String, String> entries = new HashMap<>(Map.of("redis.url", url, "redis.timeout", timeout,
        "cache.namespace", NAMESPACE, "route.any.path", "/**", "route.any.ttl", "1m"));
    for (int i = 0; i < more.length; i += 2) {
      entries.put(more[i], more[i + 1]);
    }
    return ConfigParser.parse(entries);
  }

  /** The store of a cache for {@code settings}, closed with the returned clients. */
  private record Opened(RedisClients clients, ResponseStore store) implements AutoCloseable {
    static Opened of(CacheSettings settings) {
      RedisClients clients = RedisClients.create(settings, RequestPathConnectionsTest.class.getClassLoader());
      return new Opened(clients, clients.responseStore(settings));
    }

    @Override
    public void close() {
      clients.close();
    }
  }

  /** An empty key reads as nothing, or as its slot's epoch (a tombstone a fill must still find). */
  private static boolean nothingAt(ResponseStore store, String key) {
    return store.find(key).map(found -> found.value() instanceof Tombstone).orElse(true);
  }

  /** Saves as a fill does: under the generation its lookup saw (for an empty key, its slot's epoch). */
  private static FillRecord.Outcome saveAfterLookup(ResponseStore store, FillRecord fill) {
    long seen = store.find(fill.primaryKey()).map(Versioned::generation).orElse(Versioned.NONE);
    return store.save(new FillRecord(fill.route(), fill.primaryKey(), seen, fill.index(), fill.entryKey(), fill.entry(), fill.ttl(),
        fill.tags(), fill.budget(), fill.leased()));
  }

  private static FillRecord fill(String key, byte[] body) {
    CachedResponse entry = new CachedResponse(200, List.of(new StoredHeader("Content-Type", "application/octet-stream")),
        body, Instant.now(), Duration.ofMinutes(1), "\"e\"", CachedResponse.BodyEncoding.AS_SENT, body.length);
    return new FillRecord("any", key, Versioned.NONE, Optional.empty(), key, entry, Duration.ofMinutes(1), Set.of(),
        Optional.empty(), false);
  }

  private static byte[] body(int length, int seed) {
    byte[] body = new byte[length];
    for (int i = 0; i < length; i++) {
      body[i] = (byte) (i * 13 + i / 1000 + seed);
    }
    return body;
  }

  private static byte[] found(ResponseStore store, String key) {
    return assertInstanceOf(CachedResponse.class, store.find(key).orElseThrow().value()).body();
  }

  @Test
  void aLargeValueArrivesWholeAndAnAbsentOneIsNothing() {
    try (Opened cache = Opened.of(settings(redis.url(), "2s"))) {
      byte[] large = body(300_000, 1);
      assertEquals(FillRecord.Outcome.STORED, saveAfterLookup(cache.store(), fill("GET:/large", large)));

      assertArrayEquals(large, found(cache.store(), "GET:/large"));
      assertTrue(nothingAt(cache.store(), "GET:/absent"));
    }
  }

  @Test
  void manyThreadsAtOnceEachGetTheirOwnRepliesOnNoMoreConnectionsThanTheBound() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(16);
    Set<String> before = clientIds();
    try (Opened cache = Opened.of(settings(redis.url(), "5s", "redis.max-connections", "4"))) {
      for (int i = 0; i < 50; i++) {
        saveAfterLookup(cache.store(), fill("GET:/k" + i, body(2000 + i, i)));
      }
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        wrong.add(threads.submit(() -> {
          int mismatches = 0;
          for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 50; i++) {
              mismatches += java.util.Arrays.equals(body(2000 + i, i), found(cache.store(), "GET:/k" + i)) ? 0 : 1;
            }
          }
          return mismatches;
        }));
      }
      for (Future<Integer> mismatches : wrong) {
        assertEquals(0, mismatches.get(60, TimeUnit.SECONDS));
      }
      // Counted are the connections opened since the cache was; one replaced under load may take a moment to close.
      assertTrue(settlesAtMost(4, before), "connections: " + redis.command("CLIENT", "LIST") + "\nbefore: " + before);
    } finally {
      threads.shutdownNow();
    }
  }

  /** Bounded, and generous: on a loaded machine a replaced connection's close can lag by seconds. */
  private static boolean settlesAtMost(int connections, Set<String> before) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (openedSince(before) > connections && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return openedSince(before) <= connections;
  }

  /** The server's connections but those in {@code before} and the one asking (another test's stragglers are not this cache's). */
  private static long openedSince(Set<String> before) {
    return clientIds().stream().filter(id -> !before.contains(id)).count() - 1;
  }

  private static Set<String> clientIds() {
    return redis.command("CLIENT", "LIST").lines().map(line -> line.replaceAll("^id=(\\d+) .*", "$1"))
        .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void anErrorReplyFailsOnlyItsOwnLookup() {
    redis.command("SADD", NAMESPACE + "GET:/not-a-string", "member");
    try (Opened cache = Opened.of(settings(redis.url(), "2s"))) {
      saveAfterLookup(cache.store(), fill("GET:/fine", body(100, 3)));

      // Read with MGET beside its slot's epoch, a key of another type is nothing to serve; saving over it fails.
      assertTrue(nothingAt(cache.store(), "GET:/not-a-string"));
      StoreUnavailableException refused = assertThrows(StoreUnavailableException.class,
          () -> saveAfterLookup(cache.store(), fill("GET:/not-a-string", body(10, 1))));

      assertTrue(refused.getMessage().contains("WRONGTYPE"), refused.getMessage());
      assertArrayEquals(body(100, 3), found(cache.store(), "GET:/fine"), "the next lookup is answered");
    }
  }

  @Test
  void connectionsRedisDroppedAreReplacedWithoutFailingTheNextRequest() {
    try (Opened cache = Opened.of(settings(redis.url(), "2s"))) {
      saveAfterLookup(cache.store(), fill("GET:/one", body(100, 4)));
      assertArrayEquals(body(100, 4), found(cache.store(), "GET:/one"));

      redis.command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");

      assertArrayEquals(body(100, 4), found(cache.store(), "GET:/one"), "answered on a new connection");
    }
  }

  @Test
  void aFrozenServerCostsAtMostAboutTheTimeoutForReadsAndForLargeWrites() {
    try (Opened cache = Opened.of(settings(redis.url(), "300ms", "cache.max-body-size", "64MiB"))) {
      assertTrue(nothingAt(cache.store(), "GET:/warm"));
      redis.pause();
      try {
        long started = System.nanoTime();
        assertThrows(StoreUnavailableException.class, () -> cache.store().find("GET:/any"));
        long readMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        started = System.nanoTime();
        // More than the kernel's buffers hold: the write itself blocks until the watchdog closes the socket.
        assertThrows(StoreUnavailableException.class, () -> saveAfterLookup(cache.store(), fill("GET:/huge", new byte[48 << 20])));
        long writeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        // Bounds, not timings: without a deadline these would block until Redis returns.
        assertTrue(readMillis < 3_000, "the read gave up after " + readMillis + " ms");
        assertTrue(writeMillis < 3_000, "the write gave up after " + writeMillis + " ms");
      } finally {
        redis.resume();
      }
      assertTrue(nothingAt(cache.store(), "GET:/after"), "answers again once Redis is back");
    }
  }

  @Test
  void anUnreachableServerStartsTheCacheAndIsUnavailableNotAHang() throws Exception {
    int closedPort = RedisFixture.freePort();
    try (Opened cache = Opened.of(settings("redis://127.0.0.1:" + closedPort, "500ms"))) {
      StoreUnavailableException failure = assertThrows(StoreUnavailableException.class,
          () -> cache.store().find("GET:/any"));

      assertTrue(failure.getMessage().contains("127.0.0.1:" + closedPort), failure.getMessage());
    }
  }

  @Test
  void aServerThatComesUpAfterTheCacheIsUsedOnceItAnswers() throws Exception {
    int port = RedisFixture.freePort();
    try (Opened cache = Opened.of(settings("redis://127.0.0.1:" + port, "500ms"))) {
      assertThrows(StoreUnavailableException.class, () -> cache.store().find("GET:/any"));
      try (RedisFixture late = RedisFixture.startProcessOnPort(port, List.of())) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Optional<Versioned> answer = null;
        while (answer == null && System.nanoTime() < deadline) {
          try {
            answer = cache.store().find("GET:/any");
          } catch (StoreUnavailableException notYet) {
            Thread.sleep(50);
          }
        }
        assertTrue(answer.map(found -> found.value() instanceof Tombstone).orElse(true), "a lookup is answered once Redis is up");
      }
    }
  }

  @Test
  void theUrlsDatabaseIsTheOneUsed() {
    try (Opened cache = Opened.of(settings(redis.url() + "/3", "2s"))) {
      saveAfterLookup(cache.store(), fill("GET:/db3", body(10, 5)));

      assertEquals("1", redis.commandInDatabase(3, "EXISTS", NAMESPACE + "GET:/db3"));
      assertEquals("0", redis.command("EXISTS", NAMESPACE + "GET:/db3"));
    }
  }
}
