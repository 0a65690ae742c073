package io.github.httpcache.store;

import io.github.httpcache.testing.RedisClusterFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link KeyIndexPurgeContract} on a three-master cluster: indexes, entries and epochs spread over the masters. */
class KeyIndexPurgeOnClusterTest extends KeyIndexPurgeContract {
  private static RedisClusterFixture cluster;

  @BeforeAll
  static void start() {
    cluster = RedisClusterFixture.start(3);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Override
  Map<String, String> location() {
    return Map.of("redis.cluster-nodes", cluster.nodes());
  }

  @Override
  String command(String... words) {
    return cluster.command(words);
  }

  @Override
  List<String> keys(String pattern) {
    return cluster.keys(pattern);
  }
}
