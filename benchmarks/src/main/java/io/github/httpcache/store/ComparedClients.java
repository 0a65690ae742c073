package io.github.httpcache.store;

import static io.github.httpcache.store.ClientComparison.ascii;

import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.TransportMode;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/** The candidates of {@link ClientComparison}, each set up as it would serve the request path. */
final class ComparedClients {
  private static final int TIMEOUT_MILLIS = 2000;
  private static final int POOL = 32;
  private static final byte[] NO_GENERATION = CachedResponseCodec.generationBytes(Versioned.NONE);
  private static final String FILLS = "bench:~fills";

  private ComparedClients() {}

  static ClientComparison.Candidate create(String name, String host, int port) {
    return switch (name) {
      case "redisson" -> new RedissonCandidate(host, port);
      case "jedis" -> new JedisCandidate(host, port);
      default -> throw new IllegalArgumentException("unknown client " + name + ": expected redisson or jedis");
    };
  }

  private static boolean staged(byte[] value) {
    return value.length >= RedisResponseStore.STAGE_FROM_BYTES;
  }

  /**
   * Redisson tuned for a blocking caller: the sync API, epoll, one event loop per core, a pool that
   * keeps its connections, no retries, the save's commands in one batch.
   */
  private static final class RedissonCandidate implements ClientComparison.Candidate {
    private final EpollEventLoopGroup group;
    private final RedissonClient client;

    RedissonCandidate(String host, int port) {
      int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
      group = new EpollEventLoopGroup(threads, new DefaultThreadFactory("bench-redisson", true));
      Config config = new Config().setEventLoopGroup(group).setTransportMode(TransportMode.EPOLL).setTcpNoDelay(true);
      config.useSingleServer().setAddress("redis://" + host + ":" + port).setTimeout(TIMEOUT_MILLIS)
          .setRetryAttempts(0).setConnectionMinimumIdleSize(POOL).setConnectionPoolSize(POOL);
      client = Redisson.create(config);
    }

    @Override
    public byte[] get(String key) {
      return client.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).get();
    }

    @Override
    public long save(String key, byte[] value) {
      RBatch batch = client.createBatch(BatchOptions.defaults()
          .responseTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).retryAttempts(0));
      byte[] ttl = ascii(60_000);
      if (staged(value)) {
        String staging = "bench:~staging:" + key;
        batch.<byte[]>getBucket(staging, ByteArrayCodec.INSTANCE).setAsync(value, java.time.Duration.ofSeconds(30));
        batch.getScript(ByteArrayCodec.INSTANCE).evalAsync(key, RScript.Mode.READ_WRITE, RedisScripts.PROMOTE_FENCED,
            RScript.ReturnType.LONG, List.of(key, staging), CachedResponseCodec.HEADER, NO_GENERATION, ttl);
      } else {
        batch.getScript(ByteArrayCodec.INSTANCE).evalAsync(key, RScript.Mode.READ_WRITE, RedisScripts.SAVE_FENCED,
            RScript.ReturnType.LONG, List.of(key), CachedResponseCodec.HEADER, NO_GENERATION, value, ttl);
      }
      batch.getScoredSortedSet(FILLS, StringCodec.INSTANCE).removeAsync(key);
      BatchResult<?> result = batch.execute();
      return (Long) result.getResponses().get(staged(value) ? 1 : 0);
    }

    @Override
    public void close() {
      client.shutdown();
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Jedis's pooled blocking connections: the calling thread writes and reads its own socket. */
  private static final class JedisCandidate implements ClientComparison.Candidate {
    private final RedisClient client;

    JedisCandidate(String host, int port) {
      ConnectionPoolConfig pool = new ConnectionPoolConfig();
      pool.setMaxTotal(POOL);
      pool.setMaxIdle(POOL);
      pool.setMinIdle(POOL);
      client = RedisClient.builder().hostAndPort(new HostAndPort(host, port)).poolConfig(pool)
          .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(TIMEOUT_MILLIS)
              .connectionTimeoutMillis(TIMEOUT_MILLIS).build())
          .build();
    }

    @Override
    public byte[] get(String key) {
      return client.get(key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public long save(String key, byte[] value) {
      byte[] entry = key.getBytes(StandardCharsets.UTF_8);
      byte[] ttl = ascii(60_000);
      try (Pipeline pipeline = client.pipelined()) {
        Response<Object> saved;
        if (staged(value)) {
          byte[] staging = ("bench:~staging:" + key).getBytes(StandardCharsets.UTF_8);
          pipeline.set(staging, value, SetParams.setParams().px(30_000));
          saved = pipeline.eval(RedisScripts.PROMOTE_FENCED.getBytes(StandardCharsets.UTF_8), List.of(entry, staging),
              List.of(CachedResponseCodec.HEADER, NO_GENERATION, ttl));
        } else {
          saved = pipeline.eval(RedisScripts.SAVE_FENCED.getBytes(StandardCharsets.UTF_8), List.of(entry),
              List.of(CachedResponseCodec.HEADER, NO_GENERATION, value, ttl));
        }
        pipeline.zrem(FILLS, key);
        pipeline.sync();
        return (Long) saved.get();
      }
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
