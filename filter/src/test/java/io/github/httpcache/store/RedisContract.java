package io.github.httpcache.store;

import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.testing.RedisDeployment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A store contract run against each kind of real Redis: a subclass says which ({@link #startRedis}),
 * started once for all the class's tests and stopped after them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisContract {
  /** The Redis the tests run against, and a look at it that bypasses the code under test. */
  RedisDeployment redis;

  private final List<RedisClients> opened = new ArrayList<>();

  abstract RedisDeployment startRedis();

  /**
   * The store the cache builds from {@code settings}, on this Redis with a 2 s timeout (a busy
   * machine must not fail a contract); its clients are closed after the test.
   */
  ResponseStore openStore(Map<String, String> settings) {
    Map<String, String> entries = new HashMap<>(redis.filterKeys());
    entries.put("redis.timeout", "2s");
    entries.putAll(settings);
    CacheSettings parsed = ConfigParser.parse(entries);
    RedisClients clients = RedisClients.create(parsed, getClass().getClassLoader());
    opened.add(clients);
    return clients.responseStore(parsed);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(RedisClients::close);
    opened.clear();
  }

  @BeforeAll
  void startOnce() {
    redis = startRedis();
  }

  @AfterAll
  void stopOnce() {
    redis.close();
  }
}
