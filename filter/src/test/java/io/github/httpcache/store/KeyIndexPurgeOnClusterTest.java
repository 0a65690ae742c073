package io.github.httpcache.store;

import io.github.httpcache.testing.RedisClusterFixture;
import io.github.httpcache.testing.RedisDeployment;

/** {@link KeyIndexPurgeContract} on a three-master cluster: indexes, entries and epochs spread over the masters. */
class KeyIndexPurgeOnClusterTest extends KeyIndexPurgeContract {
  @Override
  RedisDeployment startRedis() {
    return RedisClusterFixture.start(3);
  }
}
