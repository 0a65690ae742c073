package io.github.httpcache.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A stale read {@link FaultInjectionTest#clusterFailover} found, staged deterministically: just
 * after a CLUSTER FAILOVER, a node whose slot map is out of date sends a write's invalidation to
 * the demoted master, which answers MOVED. The invalidation must follow it to the new master; when
 * the node journaled it instead, the write answered 200 and the other node, whose slot map a lookup
 * had already refreshed, served the old entry from the new master (fixed by 2d4221e).
 */
class ClusterFailoverInvalidationTest {
  @Test
  void aWriteJustAfterAFailoverIsSeenByTheOtherNode() throws Exception {
    try (Rig<Topology.Cluster> rig = new Rig<>(Topology.cluster())) {
      rig.startNode(0);
      rig.startNode(1);
      rig.node(0).send("GET", "/v/k");
      assertEquals("HIT", xCache(rig.node(1).send("GET", "/v/k")));
      for (RedisProcess replica : rig.redis().cluster().replicas()) {
        rig.redis().cluster().failover(replica);
      }
      // Node 1 meets MOVED on its lookup and refreshes its slot map; node 0 has not met it yet. The
      // promoted master is emptied of the namespace before it is trusted, then node 1 caches again.
      awaitHit(rig.node(1), "/v/k");

      assertEquals("1", rig.node(0).send("PUT", "/v/k").body());
      assertEquals("1", rig.node(1).send("GET", "/v/k").body(), "the other node served what the write had replaced");
    }
  }

  private static void awaitHit(AppNode node, String path) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!xCache(node.send("GET", path)).equals("HIT")) {
      assertTrue(System.nanoTime() - deadline < 0, "node 1 did not cache again from the new master within 30 s");
      Thread.sleep(50);
    }
  }

  private static String xCache(HttpResponse<String> response) {
    return response.headers().firstValue("X-Cache").orElse("(none)");
  }
}
