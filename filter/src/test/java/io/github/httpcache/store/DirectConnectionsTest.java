package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.ConfigKeys;
import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.config.RedisAddress;
import io.github.httpcache.testing.RedisFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The blocking connections a request uses itself, against a real redis-server process. */
class DirectConnectionsTest {
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

  private static DirectConnections connectionsTo(String url, Duration timeout) {
    return new DirectConnections(RedisAddress.parse(ConfigKeys.REDIS_URL, url), timeout, Duration.ofSeconds(1), 8);
  }

  private static String text(ReceivedBytes value) {
    return new String(value.data(), 0, value.length(), StandardCharsets.UTF_8);
  }

  @Test
  void getReadsAValueOrNothing() {
    redis.command("SET", "direct:one", "value one");
    try (DirectConnections direct = connectionsTo(redis.url(), Duration.ofSeconds(2))) {
      assertEquals("value one", text(direct.get("direct:one")));
      assertNull(direct.get("direct:absent"));
      assertEquals(1, direct.openConnections(), "one connection, reused");
    }
  }

  @Test
  void aLargeValueArrivesWholeWhateverTheReadsItTakes() {
    byte[] large = new byte[300_000];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) (i * 13 + i / 1000);
    }
    try (DirectConnections direct = connectionsTo(redis.url(), Duration.ofSeconds(2))) {
      Object[] stored = direct.exchange(connection -> connection.command("SET", "direct:large", large), 1);
      assertEquals("OK", stored[0]);

      ReceivedBytes value = direct.get("direct:large");

      assertEquals(large.length, value.length());
      assertArrayEquals(large, Arrays.copyOf(value.data(), value.length()));
    }
  }

  @Test
  void anExchangeReturnsEachReplyInOrderAndAnErrorReplyLeavesTheConnectionUsable() {
    redis.command("SET", "direct:text", "not a number");
    try (DirectConnections direct = connectionsTo(redis.url(), Duration.ofSeconds(2))) {
      Object[] replies = direct.exchange(connection -> {
        connection.command("INCR", "direct:counter");
        connection.command("INCR", "direct:text");
        connection.command("EVAL", "return {1, 'two'}", 0);
        connection.command("SET", "direct:after", "yes", "PX", 60_000L);
        connection.command("GET", "direct:after");
      }, 5);

      assertEquals(1L, replies[0]);
      assertTrue(assertInstanceOf(RespConnection.ErrorReply.class, replies[1]).message.startsWith("ERR"));
      Object[] array = assertInstanceOf(Object[].class, replies[2]);
      assertEquals(1L, array[0]);
      assertEquals("two", text((ReceivedBytes) array[1]));
      assertEquals("OK", replies[3]);
      assertEquals("yes", text((ReceivedBytes) replies[4]));
      assertEquals("yes", text(direct.get("direct:after")), "still in step after the error");
      assertEquals(1, direct.openConnections());
    }
  }

  @Test
  void manyThreadsAtOnceEachGetTheirOwnReplies() throws Exception {
    int keys = 200;
    for (int i = 0; i < keys; i++) {
      redis.command("SET", "direct:k" + i, "v" + i);
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (DirectConnections direct = connectionsTo(redis.url(), Duration.ofSeconds(5))) {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        wrong.add(threads.submit(() -> {
          int mismatches = 0;
          for (int round = 0; round < 3; round++) {
            for (int i = 0; i < keys; i++) {
              mismatches += text(direct.get("direct:k" + i)).equals("v" + i) ? 0 : 1;
            }
          }
          return mismatches;
        }));
      }
      for (Future<Integer> mismatches : wrong) {
        assertEquals(0, mismatches.get(60, TimeUnit.SECONDS));
      }
      assertTrue(direct.openConnections() <= 8, "no more connections than threads: " + direct.openConnections());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void connectionsRedisDroppedAreReplacedWithoutFailingTheNextRequest() {
    redis.command("SET", "direct:one", "value one");
    try (DirectConnections direct = connectionsTo(redis.url(), Duration.ofSeconds(2))) {
      assertEquals("value one", text(direct.get("direct:one")));

      redis.command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");

      assertEquals("value one", text(direct.get("direct:one")), "answered on a new connection");
      assertEquals(1, direct.openConnections());
    }
  }

  @Test
  void aFrozenServerCostsAtMostAboutTheTimeoutForReadsAndForLargeWrites() {
    byte[] huge = new byte[64 * 1024 * 1024];
    try (DirectConnections direct = connectionsTo(redis.url(), Duration.ofMillis(300))) {
      assertNull(direct.get("direct:warm"));
      redis.pause();
      try {
        long started = System.nanoTime();
        assertThrows(StoreUnavailableException.class, () -> direct.get("direct:any"));
        long readMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        started = System.nanoTime();
        // More than the kernel's buffers hold: the write itself blocks until the watchdog closes the socket.
        assertThrows(StoreUnavailableException.class,
            () -> direct.exchange(connection -> connection.command("SET", "direct:huge", huge), 1));
        long writeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        // Bounds, not timings: without a deadline these would block until Redis returns.
        assertTrue(readMillis < 3_000, "the read gave up after " + readMillis + " ms");
        assertTrue(writeMillis < 3_000, "the write gave up after " + writeMillis + " ms");
      } finally {
        redis.resume();
      }
      assertNull(direct.get("direct:after"), "answers again once Redis is back");
    }
  }

  @Test
  void anUnreachableServerIsUnavailableNotAHang() throws Exception {
    int closedPort = RedisFixture.freePort();
    try (DirectConnections direct = connectionsTo("redis://127.0.0.1:" + closedPort, Duration.ofMillis(500))) {
      StoreUnavailableException failure = assertThrows(StoreUnavailableException.class, () -> direct.get("direct:any"));
      assertTrue(failure.getMessage().contains("127.0.0.1:" + closedPort), failure.getMessage());
      assertEquals(0, direct.openConnections());
    }
  }

  @Test
  void theClientTheCacheCreatesForOneServerUsesThemInTheUrlsDatabase() {
    redis.commandInDatabase(3, "SET", "direct:db3", "in three");
    CacheSettings settings = ConfigParser.parse(Map.of("redis.url", redis.url() + "/3",
        "route.any.path", "/**", "route.any.ttl", "1m"));
    try (RedisClients clients = RedisClients.create(settings, getClass().getClassLoader())) {
      DirectConnections direct = clients.directConnections().orElseThrow();

      assertEquals("in three", text(direct.get("direct:db3")));
    }
  }
}
