package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fenced saves against a real Redis, for bodies sent inside the fence script and for bodies
 * staged under a helper key first ({@link RedisResponseStore#STAGE_FROM_BYTES} and up), through
 * the store the cache builds from its settings.
 */
abstract class FencedSaveContract extends RedisContract {
  private static final String NAMESPACE = "fenced-save:";
  private static final Duration TTL = Duration.ofSeconds(60);

  private ResponseStore store;

  @BeforeEach
  void connect() {
    store = openStore(Map.of("cache.namespace", NAMESPACE, "cache.invalidation-fence", "5s",
        "route.any.path", "/**", "route.any.ttl", "1m"));
  }

  private static CachedResponse entryOf(int bodySize) {
    byte[] body = new byte[bodySize];
    new Random(bodySize).nextBytes(body);
    return new CachedResponse(200, List.of(new StoredHeader("Content-Type", "application/octet-stream")), body,
        Instant.now(), TTL, "\"e\"", CachedResponse.BodyEncoding.AS_SENT, bodySize);
  }

  private static FillRecord fill(String key, long observedGeneration, CachedResponse entry) {
    return new FillRecord("any", key, observedGeneration, Optional.empty(), key, entry, TTL, Set.of(), Optional.empty(), false);
  }

  private boolean fillUnderWay(String key) {
    return redis.command("ZSCORE", NAMESPACE + "~fills", key) != null
        || "1".equals(redis.command("EXISTS", NAMESPACE + "~lease:" + key));
  }

  @Test
  void saveEndsTheFillItsRegistrationAndItsLeaseBeforeItReturns() {
    String key = "GET:/ends";
    assertTrue(store.beginFill(key, Optional.of(Duration.ofSeconds(30))));
    assertTrue(fillUnderWay(key));

    store.save(new FillRecord("any", key, Versioned.NONE, Optional.empty(), key, entryOf(1024), TTL, Set.of("t"),
        Optional.empty(), true));

    assertFalse(fillUnderWay(key));
  }

  private List<String> stagingKeys() {
    return redis.keys(NAMESPACE + "~staging*");
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1024, RedisResponseStore.STAGE_FROM_BYTES, 200 * 1024})
  void freshKeyIsStoredWholeWithItsTtlAndNothingStagedIsLeft(int bodySize) {
    String key = "GET:/stored/" + bodySize;
    CachedResponse entry = entryOf(bodySize);

    long seenByTheFill = store.find(key).map(Versioned::generation).orElse(Versioned.NONE);

    assertEquals(FillRecord.Outcome.STORED, store.save(fill(key, seenByTheFill, entry)));

    CachedResponse found = assertInstanceOf(CachedResponse.class, store.find(key).orElseThrow().value());
    assertArrayEquals(entry.body(), found.body());
    long ttlMillis = Long.parseLong(redis.command("PTTL", NAMESPACE + key));
    assertTrue(ttlMillis > 50_000 && ttlMillis <= 60_000, "TTL " + ttlMillis);
    assertEquals(List.of(), stagingKeys());
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1024, 200 * 1024})
  void fillThatBeganBeforeAnInvalidationIsRefusedAndLeavesTheTombstone(int bodySize) {
    String key = "GET:/fenced/" + bodySize;
    long seenByTheFill = store.find(key).map(Versioned::generation).orElse(Versioned.NONE);

    store.invalidate(InvalidationPlan.ofKeys(List.of(key)));

    assertEquals(FillRecord.Outcome.FENCED_OUT, store.save(fill(key, seenByTheFill, entryOf(bodySize))));
    assertInstanceOf(Tombstone.class, store.find(key).orElseThrow().value());
    assertEquals(List.of(), stagingKeys());
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1024, 200 * 1024})
  void fillThatBeganAfterTheInvalidationReplacesTheTombstone(int bodySize) {
    String key = "GET:/after/" + bodySize;
    store.invalidate(InvalidationPlan.ofKeys(List.of(key)));
    long seenByTheFill = store.find(key).orElseThrow().generation();

    assertEquals(FillRecord.Outcome.STORED, store.save(fill(key, seenByTheFill, entryOf(bodySize))));
    assertInstanceOf(CachedResponse.class, store.find(key).orElseThrow().value());
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1024, 200 * 1024})
  void fillIsStillFencedWhenItsTombstoneIsLost(int bodySize) {
    String key = "GET:/evicted/" + bodySize;
    long seenByTheFill = store.find(key).map(Versioned::generation).orElse(Versioned.NONE);
    store.invalidate(InvalidationPlan.ofKeys(List.of(key)));

    redis.command("DEL", NAMESPACE + key); // as an eviction or an expired fence window would

    assertEquals(FillRecord.Outcome.FENCED_OUT, store.save(fill(key, seenByTheFill, entryOf(bodySize))));
    assertTrue(store.find(key).map(found -> found.value() instanceof Tombstone).orElse(true));
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1024, 200 * 1024})
  void fillIsFencedWhenRedisLosesEverythingBetweenItsLookupAndItsSave(int bodySize) {
    String key = "GET:/flushed/" + bodySize;
    long seenByTheFill = store.find(key).map(Versioned::generation).orElse(Versioned.NONE);

    redis.keys(NAMESPACE + "*").forEach(redisKey -> redis.command("DEL", redisKey)); // a FLUSHALL, a restart, a failover to an empty replica

    assertEquals(FillRecord.Outcome.FENCED_OUT, store.save(fill(key, seenByTheFill, entryOf(bodySize))));
  }

  @Test
  void aFillAfterTheLossIsStoredAgain() {
    String key = "GET:/recovered";
    redis.keys(NAMESPACE + "*").forEach(redisKey -> redis.command("DEL", redisKey));
    long seenByTheFill = store.find(key).map(Versioned::generation).orElse(Versioned.NONE);

    assertEquals(FillRecord.Outcome.STORED, store.save(fill(key, seenByTheFill, entryOf(1024))));
  }
}
