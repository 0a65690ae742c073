package io.github.httpcache.store;

import io.github.httpcache.testing.RedisDeployment;
import org.junit.jupiter.api.AfterAll;
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

  abstract RedisDeployment startRedis();

  @BeforeAll
  void startOnce() {
    redis = startRedis();
  }

  @AfterAll
  void stopOnce() {
    redis.close();
  }
}
