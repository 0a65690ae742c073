package io.github.httpcache.store;

import io.github.httpcache.testing.RedisFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link KeyIndexPurgeContract} on one redis-server. */
class KeyIndexPurgeTest extends KeyIndexPurgeContract {
  private static RedisFixture redis;

  @BeforeAll
  static void start() {
    redis = RedisFixture.start();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @Override
  Map<String, String> location() {
    return Map.of("redis.url", redis.url());
  }

  @Override
  String command(String... words) {
    return redis.command(words);
  }

  @Override
  List<String> keys(String pattern) {
    return redis.keys(pattern);
  }
}
