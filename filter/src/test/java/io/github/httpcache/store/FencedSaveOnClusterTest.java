package io.github.httpcache.store;

import io.github.httpcache.testing.RedisClusterFixture;
import io.github.httpcache.testing.RedisDeployment;

/** {@link FencedSaveContract} on a three-master cluster: a staged body and its entry key share a slot wherever the key lands. */
class FencedSaveOnClusterTest extends FencedSaveContract {
  @Override
  RedisDeployment startRedis() {
    return RedisClusterFixture.start(3);
  }
}
