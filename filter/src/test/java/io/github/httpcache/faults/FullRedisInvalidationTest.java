package io.github.httpcache.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A full Redis ({@code noeviction}, {@code OOM} on writes) is up: its refusals must not open the
 * circuit breaker, and a write's invalidation must still land, so the other node never serves
 * what the write replaced. Staged from {@link FaultInjectionTest#evictionNoeviction}'s stale read.
 */
class FullRedisInvalidationTest {
  @Test
  void aSaveRefusedForMemoryDoesNotKeepTheNextWritesInvalidationFromRedis() throws Exception {
    try (Rig<Topology.Single> rig = new Rig<>(Faults.evictingRedis("noeviction"))) {
      Map<String, String> settings = new LinkedHashMap<>(rig.cacheSettings());
      settings.put("redis.breaker.failures", "1");
      Map<String, AtomicLong> database = new ConcurrentHashMap<>();
      try (AppNode a = AppNode.start(settings, new VersionedOrigin(database));
          AppNode b = AppNode.start(settings, new VersionedOrigin(database))) {
        a.send("GET", "/v/k");
        assertEquals("HIT", xCache(b.send("GET", "/v/k")));
        rig.redis().server().command("DEBUG", "POPULATE", "3000", "filler", "2048");
        a.send("GET", "/v/cold"); // its save is refused: OOM

        HttpResponse<String> write = a.send("PUT", "/v/k");
        HttpResponse<String> other = b.send("GET", "/v/k");

        assertEquals(200, write.statusCode());
        assertEquals(write.body(), other.body(), "node B served what the write on node A had replaced");
      }
    }
  }

  private static String xCache(HttpResponse<String> response) {
    return response.headers().firstValue("X-Cache").orElse("(none)");
  }
}
