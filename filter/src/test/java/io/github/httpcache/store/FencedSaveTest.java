package io.github.httpcache.store;

import io.github.httpcache.testing.RedisFixture;
import io.github.httpcache.testing.RedisDeployment;

/** {@link FencedSaveContract} on one redis-server. */
class FencedSaveTest extends FencedSaveContract {
  @Override
  RedisDeployment startRedis() {
    return RedisFixture.start();
  }
}
