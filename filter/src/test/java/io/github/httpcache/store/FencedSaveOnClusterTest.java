package io.github.httpcache.store;

import io.github.httpcache.testing.RedisClusterFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same saves on a three-master cluster: a staged body and its entry key share a slot wherever the key lands. */
class FencedSaveOnClusterTest extends FencedSaveContract {
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
