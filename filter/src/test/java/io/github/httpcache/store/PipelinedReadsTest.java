package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.httpcache.testing.RedisFixture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.ConfigParser;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RFuture;
import org.redisson.client.RedisClientConfig;

/** The hit path's pipelined connections against a real Redis. */
class PipelinedReadsTest {
  private static RedisFixture redis;
  private static EventLoopGroup group;

  @BeforeAll
  static void start() {
    redis = RedisFixture.start();
    group = new NioEventLoopGroup(1);
  }

  @AfterAll
  static void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    redis.close();
  }

  private static PipelinedReads readsOf(String address, int lanes) {
    return new PipelinedReads(new RedisClientConfig().setAddress(address).setConnectTimeout(1000).setCommandTimeout(1000),
        group, NioSocketChannel.class, lanes);
  }

  private static String text(ReceivedBytes reply) {
    return new String(reply.data(), 0, reply.length(), StandardCharsets.UTF_8);
  }

  /** Asks until this thread's lane is connected (the first ask starts the connection). */
  private static RFuture<ReceivedBytes> getWhenConnected(PipelinedReads reads, String key) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      RFuture<ReceivedBytes> reply = reads.getOrNull(key, 1000);
      if (reply != null) {
        return reply;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the lane never connected");
  }

  @Test
  void firstAskStartsTheConnectionAndLaterAsksReadThroughIt() throws Exception {
    redis.command("SET", "pipelined:one", "value one");
    try (PipelinedReads reads = readsOf(redis.url(), 2)) {
      assertNull(reads.getOrNull("pipelined:one", 1000), "not connected before the first ask");

      ReceivedBytes value = getWhenConnected(reads, "pipelined:one").get(2, TimeUnit.SECONDS);

      assertEquals("value one", text(value));
      assertNull(getWhenConnected(reads, "pipelined:absent").get(2, TimeUnit.SECONDS));
    }
  }

  @Test
  void manyReadsInFlightFromManyThreadsEachGetTheirOwnReply() throws Exception {
    int keys = 400;
    for (int i = 0; i < keys; i++) {
      redis.command("SET", "pipelined:k" + i, "v" + i);
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (PipelinedReads reads = readsOf(redis.url(), 2)) {
      getWhenConnected(reads, "pipelined:k0").get(2, TimeUnit.SECONDS);
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        wrong.add(threads.submit(() -> {
          List<RFuture<ReceivedBytes>> inFlight = new ArrayList<>();
          for (int i = 0; i < keys; i++) {
            inFlight.add(getWhenConnected(reads, "pipelined:k" + i));
          }
          int mismatches = 0;
          for (int i = 0; i < keys; i++) {
            String reply = text(inFlight.get(i).get(5, TimeUnit.SECONDS));
            mismatches += reply.equals("v" + i) ? 0 : 1;
          }
          return mismatches;
        }));
      }
      for (Future<Integer> mismatches : wrong) {
        assertEquals(0, mismatches.get(30, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void unreachableServerLeavesReadsToThePoolWithoutThrowing() throws Exception {
    int closedPort = RedisFixture.freePort();
    try (PipelinedReads reads = readsOf("redis://127.0.0.1:" + closedPort, 1)) {
      for (int i = 0; i < 20; i++) {
        assertNull(reads.getOrNull("pipelined:any", 1000));
        Thread.sleep(20);
      }
    }
  }

  @Test
  void aClientTheCacheCreatesForOneServerReadsThroughThemWithTheUrlsDatabase() throws Exception {
    redis.commandInDatabase(3, "SET", "pipelined:db3", "in three");
    CacheSettings settings = ConfigParser.parse(Map.of("redis.url", redis.url() + "/3",
        "route.any.path", "/**", "route.any.ttl", "1m"));
    try (RedisClients clients = RedisClients.create(settings, getClass().getClassLoader())) {
      PipelinedReads reads = clients.pipelinedReads().orElseThrow();

      ReceivedBytes value = getWhenConnected(reads, "pipelined:db3").get(2, TimeUnit.SECONDS);

      assertEquals("in three", text(value));
    }
  }
}
