package io.github.httpcache.store;

import io.github.httpcache.testing.RedisFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

class FencedSaveTest extends FencedSaveContract {
  private static RedisFixture redis;
  private static RedissonClient client;

  @BeforeAll
  static void start() {
    redis = RedisFixture.start();
    Config config = new Config();
    config.useSingleServer().setAddress(redis.url());
    client = Redisson.create(config);
  }

  @AfterAll
  static void stop() {
    client.shutdown();
    redis.close();
  }

  @Override
  RedissonClient redisson() {
    return client;
  }

  @Override
  boolean endsWithinTheSave() {
    return true;
  }
}
