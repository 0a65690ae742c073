package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.key.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Fenced saves against a real Redis, for bodies sent inside the fence script and for bodies
 * staged under a helper key first ({@link RedissonResponseStore#STAGE_FROM_BYTES} and up).
 */
abstract class FencedSaveContract {
  private static final String NAMESPACE = "fenced-save:";
  private static final Duration TTL = Duration.ofSeconds(60);

  abstract RedissonClient redisson();

  /** Whether the fill ends within the save's own round trip (a single server), or just after it (a cluster). */
  abstract boolean endsWithinTheSave();

  private RedissonResponseStore store() {
    return new RedissonResponseStore(redisson(), new RedisKeys(NAMESPACE), Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  private static CachedResponse entryOf(int bodySize) {
    byte[] body = new byte[bodySize];
    new Random(bodySize).nextBytes(body);
    return new CachedResponse(200, List.of(new StoredHeader("Content-Type", "application/octet-stream")), body,
        Instant.now(), TTL, "\"e\"", CachedResponse.BodyEncoding.AS_SENT, bodySize);
  }

  private static FillRecord fill(String key, long observedGeneration, CachedResponse entry) {
    return new FillRecord(key, observedGeneration, Optional.empty(), key, entry, TTL, Set.of(), Optional.empty(), false);
  }

  private boolean fillUnderWay(String key) {
    return redisson().<String>getScoredSortedSet(NAMESPACE + "~fills", StringCodec.INSTANCE).contains(key)
        || redisson().getBucket(NAMESPACE + "~lease:" + key, StringCodec.INSTANCE).isExists();
  }

  @Test
  void saveEndsTheFillItsRegistrationAndItsLease() throws InterruptedException {
    String key = "GET:/ends";
    RedissonResponseStore store = store();
    assertTrue(store.beginFill(key, Optional.of(Duration.ofSeconds(30))));
    assertTrue(fillUnderWay(key));

    store.save(new FillRecord(key, Versioned.NONE, Optional.empty(), key, entryOf(1024), TTL, Set.of("t"),
        Optional.empty(), true));

    if (!endsWithinTheSave()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (fillUnderWay(key) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    assertFalse(fillUnderWay(key));
  }

  private List<String> stagingKeys() {
    List<String> found = new java.util.ArrayList<>();
    redisson().getKeys().getKeysByPattern(NAMESPACE + "~staging*").forEach(found::add);
    return found;
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1024, RedissonResponseStore.STAGE_FROM_BYTES, 200 * 1024})
  void freshKeyIsStoredWholeWithItsTtlAndNothingStagedIsLeft(int bodySize) {
    String key = "GET:/stored/" + bodySize;
    CachedResponse entry = entryOf(bodySize);

    assertEquals(FillRecord.Outcome.STORED, store().save(fill(key, Versioned.NONE, entry)));

    CachedResponse found = assertInstanceOf(CachedResponse.class, store().find(key).orElseThrow().value());
    assertArrayEquals(entry.body(), found.body());
    long ttlMillis = redisson().getBucket(NAMESPACE + key).remainTimeToLive();
    assertTrue(ttlMillis > 50_000 && ttlMillis <= 60_000, "TTL " + ttlMillis);
    assertEquals(List.of(), stagingKeys());
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1024, 200 * 1024})
  void fillThatBeganBeforeAnInvalidationIsRefusedAndLeavesTheTombstone(int bodySize) {
    String key = "GET:/fenced/" + bodySize;
    RedissonResponseStore store = store();
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
    RedissonResponseStore store = store();
    store.invalidate(InvalidationPlan.ofKeys(List.of(key)));
    long seenByTheFill = store.find(key).orElseThrow().generation();

    assertEquals(FillRecord.Outcome.STORED, store.save(fill(key, seenByTheFill, entryOf(bodySize))));
    assertInstanceOf(CachedResponse.class, store.find(key).orElseThrow().value());
  }
}
