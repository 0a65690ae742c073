package io.github.httpcache.store;

import io.github.httpcache.testing.RedisClusterFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;

/** The same saves on a three-master cluster: a staged body and its entry key share a slot wherever the key lands. */
class FencedSaveOnClusterTest extends FencedSaveContract {
  private static RedisClusterFixture cluster;
  private static RedissonClient client;

  @BeforeAll
  static void start() {
    cluster = RedisClusterFixture.start(3);
    Config config = new Config();
    ClusterServersConfig servers = config.useClusterServers();
    for (String node : cluster.nodes().split(",")) {
      servers.addNodeAddress(node);
    }
    client = Redisson.create(config);
  }

  @AfterAll
  static void stop() {
    client.shutdown();
    cluster.close();
  }

  @Override
  RedissonClient redisson() {
    return client;
  }

  @Override
  boolean endsWithinTheSave() {
    return false;
  }
}
