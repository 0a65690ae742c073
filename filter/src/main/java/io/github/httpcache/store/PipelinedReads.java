package io.github.httpcache.store;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DuplexChannel;
import io.netty.resolver.DefaultAddressResolverGroup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.redisson.api.RFuture;
import org.redisson.client.RedisClient;
import org.redisson.client.RedisClientConfig;
import org.redisson.client.RedisConnection;
import org.redisson.client.protocol.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few long-lived, pipelined Redis connections for the hit path's {@code GET}s, beside
 * Redisson's pool (Redisson's own connection layer, without its pool). A pooled command takes a
 * connection, registers its future in two shared lock-guarded queues and schedules a retry timer;
 * on 2 cores those locks and the thread wake-ups behind them cost more than the {@code GET}
 * itself. Here a request thread writes its {@code GET} straight to one of the connections, which
 * carry many commands in flight and match replies in order, and Redis reads several at once: about
 * a fifth more 1 KiB hits per second on 2 cores (docs/performance.md).
 *
 * <p>Only for a single server the cache connects to itself ({@code redis.url}); a lane whose
 * connection is not up yet, or is down, says so and the caller uses the pool. Redisson's
 * connection watchdog reconnects a lane that drops; one that never connected is retried at most
 * every {@value #RETRY_MILLIS} ms.
 */
public final class PipelinedReads implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PipelinedReads.class);
  static final long RETRY_MILLIS = 1000;

  private final RedisClient client;
  private final Lane[] lanes;

  /**
   * @param config where and how to connect (address, credentials, database), as the pool does
   * @param group Redisson's event loops, shared: these connections add no threads to wake
   */
  public PipelinedReads(RedisClientConfig config, EventLoopGroup group, Class<? extends DuplexChannel> channelClass,
      int laneCount) {
    // The JDK's resolver: an address is resolved once per connection, and Netty's DNS resolver
    // would want the transport's datagram classes (kqueue's among them) on the class path.
    this.client = RedisClient.create(config.setGroup(group).setSocketChannelClass(channelClass)
        .setResolverGroup(DefaultAddressResolverGroup.INSTANCE));
    this.lanes = new Lane[laneCount];
    for (int i = 0; i < laneCount; i++) {
      lanes[i] = new Lane();
    }
  }

  /**
   * {@code GET key} on this thread's lane, read into a {@link BodyBuffers} array, or null when that
   * lane is not connected (use the pool).
   * Null rather than an Optional: this is every hit's path.
   */
  public RFuture<ReceivedBytes> getOrNull(String redisKey, long timeoutMillis) {
    RedisConnection connection = lanes[(int) (Thread.currentThread().getId() % lanes.length)].connected();
    return connection == null ? null
        : connection.async(timeoutMillis, ReceivedBytes.Codec.INSTANCE, RedisCommands.GET, redisKey);
  }

  @Override
  public void close() {
    client.shutdown();
  }

  private final class Lane {
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile RedisConnection connection;
    private volatile long nextAttemptNanos = System.nanoTime();

    /** The connection when it is up; else null, after starting a first connection if none is under way. */
    RedisConnection connected() {
      RedisConnection current = connection;
      if (current != null) {
        return current.isActive() ? current : null;
      }
      if (System.nanoTime() - nextAttemptNanos >= 0 && connecting.compareAndSet(false, true)) {
        client.connectAsync().whenComplete((opened, failure) -> {
          if (failure == null) {
            connection = opened;
          } else {
            nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
            log.debug("A pipelined read connection failed; the pool serves reads meanwhile", failure);
          }
          connecting.set(false);
        });
      }
      return null;
    }
  }
}
