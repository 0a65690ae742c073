package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.testing.RedisFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A server the namespace was not sealed on (restarted from a snapshot, promoted) is emptied of
 * its entries before it serves, but keeps what names keys for invalidations: on a cluster the
 * other masters are emptied one after another, and meanwhile a purge walking a key index must
 * still find the entries they hold.
 */
class IncarnationEmptyingTest {
  private static final String NAMESPACE = "inc:";

  private static CacheSettings settings(RedisFixture redis) {
    return ConfigParser.parse(Map.of("redis.url", redis.url(), "redis.timeout", "5s", "cache.namespace", NAMESPACE,
        "route.any.path", "/**", "route.any.ttl", "1m"));
  }

  private static FillRecord fill(ResponseStore store, String key) {
    byte[] body = "old".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    CachedResponse entry = new CachedResponse(200, List.of(new StoredHeader("Content-Type", "text/plain")), body,
        Instant.now(), Duration.ofMinutes(1), "\"e\"", CachedResponse.BodyEncoding.AS_SENT, body.length);
    long seen = store.find(key).map(Versioned::generation).orElse(Versioned.NONE);
    return new FillRecord("any", key, seen, Optional.empty(), key, entry, Duration.ofMinutes(1), Set.of("t"),
        Optional.empty(), false);
  }

  @Test
  void anUntrustedServerLosesItsEntriesButNotItsKeyIndexesNorTagSets() {
    try (RedisFixture redis = RedisFixture.startProcess()) {
      try (RedisClients clients = RedisClients.create(settings(redis), getClass().getClassLoader())) {
        ResponseStore store = clients.responseStore(settings(redis));
        assertEquals(FillRecord.Outcome.STORED, store.save(fill(store, "GET:/a")));
      }
      String index = NAMESPACE + "~keys:{any}";
      String tag = NAMESPACE + "~tag:{t}";
      assertEquals("1", redis.command("EXISTS", NAMESPACE + "GET:/a"));
      assertEquals("1", redis.command("EXISTS", index));
      // As after a restart from a snapshot: the record names another process.
      redis.command("SET", NAMESPACE + "~incarnation", "a-process-that-is-gone");

      try (RedisClients clients = RedisClients.create(settings(redis), getClass().getClassLoader())) {
        clients.responseStore(settings(redis));
        String runId = redis.command("INFO", "server").replaceAll("(?s).*run_id:(\\w+).*", "$1");

        assertAll(
            () -> assertEquals(runId, redis.command("GET", NAMESPACE + "~incarnation"), "sealed on this process"),
            () -> assertEquals("0", redis.command("EXISTS", NAMESPACE + "GET:/a"), "its entry is gone"),
            () -> assertEquals("1", redis.command("EXISTS", index), "the key index is kept"),
            () -> assertEquals("1", redis.command("EXISTS", tag), "the tag set is kept"),
            () -> assertEquals("1", redis.command("ZCARD", index), "its member is still there"));
      }
    }
  }
}
