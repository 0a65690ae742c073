package io.github.httpcache.store;

import io.github.httpcache.testing.RedisFixture;
import io.github.httpcache.testing.RedisDeployment;

/** {@link KeyIndexPurgeContract} on one redis-server. */
class KeyIndexPurgeTest extends KeyIndexPurgeContract {
  @Override
  RedisDeployment startRedis() {
    return RedisFixture.start();
  }
}
