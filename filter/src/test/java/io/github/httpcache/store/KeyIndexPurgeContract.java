package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: pattern purges and purge-all find their entries through the namespace's key index,
 * among keys that are not the namespace's (another application's, look-alikes of our entries),
 * and still fence every fill that looked up before them; the index stays bounded as entries
 * expire. Through the store the cache builds from its settings, against a real Redis.
 */
abstract class KeyIndexPurgeContract extends RedisContract {
  private static final String NAMESPACE = "purge:";
  private static final Duration TTL = Duration.ofMinutes(1);
  private static final Duration BOUNDED_WAIT = Duration.ofSeconds(30);
  /** Keys that are not ours: another application's, and look-alikes of our entries outside the namespace. */
  private static final List<String> UNRELATED = unrelatedKeys();

  private ResponseStore store;

  private static List<String> unrelatedKeys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add("other-app:session:" + i);
      keys.add("GET:/api/users/" + i);
      keys.add("other:" + NAMESPACE + "GET:/api/users/" + i);
    }
    return List.copyOf(keys);
  }

  @BeforeEach
  void connect() {
    redis.keys(NAMESPACE + "*").forEach(key -> redis.command("DEL", key));
    store = openStore(Map.of("cache.namespace", NAMESPACE, "cache.invalidation-fence", "1s",
        "route.users.path", "/api/users/{id}", "route.users.ttl", "1m",
        "route.posts.path", "/api/posts/{id}", "route.posts.ttl", "1m"));
    UNRELATED.forEach(key -> redis.command("SET", key, "not the cache's"));
  }

  private static CachedResponse entry() {
    return new CachedResponse(200, List.of(new StoredHeader("Content-Type", "text/plain")), new byte[] {'A'},
        Instant.now(), TTL, "\"e\"", CachedResponse.BodyEncoding.AS_SENT, 1);
  }

  private long lookup(String key) {
    return store.find(key).map(Versioned::generation).orElse(Versioned.NONE);
  }

  private FillRecord.Outcome save(String route, String key, long seen, Duration ttl) {
    return store.save(new FillRecord(route, key, seen, Optional.empty(), key, entry(), ttl, Set.of(), Optional.empty(),
        false));
  }

  private void saveEntry(String route, String key) {
    assertEquals(FillRecord.Outcome.STORED, save(route, key, lookup(key), TTL), key);
  }

  private boolean cached(String key) {
    return store.find(key).map(found -> found.value() instanceof CachedResponse).orElse(false);
  }

  private void assertUnrelatedKeysUntouched() {
    assertAll(UNRELATED.stream().map(key -> () -> assertEquals("not the cache's", redis.command("GET", key), key)));
  }

  @Test
  void patternPurgeRemovesEveryMatchingEntryOfEveryRouteAndNothingElse() {
    List<String> matching = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      saveEntry("users", "GET:/api/users/" + i);
      matching.add("GET:/api/users/" + i);
    }
    // Saved under a route this node does not have (another node's configuration): found through the registry.
    saveEntry("users-v2", "GET:/api/users/v2/1");
    matching.add("GET:/api/users/v2/1");
    saveEntry("posts", "GET:/api/posts/1");

    long removed = store.invalidate(InvalidationPlan.ofPattern("GET:/api/users/*"));

    assertEquals(matching.size(), removed);
    assertAll(matching.stream().map(key -> () -> assertTrue(!cached(key), key + " survived the pattern")));
    assertTrue(cached("GET:/api/posts/1"), "an entry the pattern does not match was removed");
    assertUnrelatedKeysUntouched();
  }

  @Test
  void purgeAllRemovesEveryEntryOfTheNamespaceAndNoOtherKey() {
    List<String> ours = List.of("GET:/api/users/1", "GET:/api/users/2", "GET:/api/posts/1", "GET:/api/posts/2");
    ours.forEach(key -> saveEntry(key.contains("users") ? "users" : "posts", key));
    saveEntry("retired-route", "GET:/api/old/1");

    long removed = store.invalidate(InvalidationPlan.everything());

    assertEquals(ours.size() + 1, removed);
    assertAll(ours.stream().map(key -> () -> assertTrue(!cached(key), key + " survived the purge")));
    assertTrue(!cached("GET:/api/old/1"), "an entry of a route only the registry knows survived the purge");
    assertUnrelatedKeysUntouched();
  }

  @Test
  void fillsThatLookedUpBeforeAPatternPurgeAreNotStoredAfterIt() {
    fillsThatLookedUpBeforeArefencedBy(InvalidationPlan.ofPattern("GET:/api/users/*"));
  }

  @Test
  void fillsThatLookedUpBeforeAPurgeAllAreNotStoredAfterIt() {
    fillsThatLookedUpBeforeArefencedBy(InvalidationPlan.everything());
  }

  /**
   * Three fills look up before the purge and save after it: one over an entry, one over an empty
   * key (both registered, as fills are), and one over an entry that was saved into an empty key
   * (so it carries its slot's epoch as its generation) that never registered: the purge must have
   * replaced the epoch before it removed the entry, or that save would pass.
   */
  private void fillsThatLookedUpBeforeArefencedBy(InvalidationPlan purge) {
    saveEntry("users", "GET:/api/users/held");
    saveEntry("users", "GET:/api/users/unregistered");
    long seenHeld = lookup("GET:/api/users/held");
    long seenEmpty = lookup("GET:/api/users/empty");
    long seenUnregistered = lookup("GET:/api/users/unregistered");
    store.beginFill("GET:/api/users/held", Optional.empty());
    store.beginFill("GET:/api/users/empty", Optional.empty());

    store.invalidate(purge);

    assertAll(
        () -> assertEquals(FillRecord.Outcome.FENCED_OUT, save("users", "GET:/api/users/held", seenHeld, TTL)),
        () -> assertEquals(FillRecord.Outcome.FENCED_OUT, save("users", "GET:/api/users/empty", seenEmpty, TTL)),
        () -> assertEquals(FillRecord.Outcome.FENCED_OUT,
            save("users", "GET:/api/users/unregistered", seenUnregistered, TTL)));
    assertEquals(FillRecord.Outcome.STORED, save("users", "GET:/api/users/held", lookup("GET:/api/users/held"), TTL),
        "a fill that looked up after the purge is stored");
  }

  @Test
  void keyIndexIsPrunedAsItsEntriesExpire() throws InterruptedException {
    String index = NAMESPACE + "~keys:{users}";
    for (int i = 0; i < 50; i++) {
      String key = "GET:/api/users/short-" + i;
      assertEquals(FillRecord.Outcome.STORED, save("users", key, lookup(key), Duration.ofMillis(500)));
    }
    assertEquals("50", redis.command("ZCARD", index));

    // A member outlives its entry by the fence window (1 s here); the next save prunes it.
    List<String> kept = new ArrayList<>();
    awaitTrue(() -> {
      String key = "GET:/api/users/long-" + kept.size();
      saveEntry("users", key);
      kept.add(key);
      return Long.parseLong(redis.command("ZCARD", index)) == kept.size();
    }, "the index kept members of expired entries");
    assertEquals(kept.size(), store.countEntries());
    assertInstanceOf(CachedResponse.class, store.find(kept.get(0)).orElseThrow().value());
  }

  private static void awaitTrue(BooleanSupplier condition, String failure) throws InterruptedException {
    long deadline = System.nanoTime() + BOUNDED_WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, failure + " for " + BOUNDED_WAIT);
      Thread.sleep(200);
    }
  }
}
