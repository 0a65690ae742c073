package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisDeployment;
import io.github.httpcache.testing.RedisFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A route's key budget through the store, on a real Redis: it holds, and far below it a save does not ask first. */
class KeyBudgetTest extends RedisContract {
  private static final Duration TTL = Duration.ofSeconds(60);
  private static final Pattern EVAL_CALLS = Pattern.compile("cmdstat_eval:calls=(\\d+)");

  private ResponseStore store;

  @Override
  RedisDeployment startRedis() {
    return RedisFixture.start();
  }

  @BeforeEach
  void connect() {
    redis.command("FLUSHALL");
    store = openStore(Map.of("cache.namespace", "budget:", "route.any.path", "/**", "route.any.ttl", "1m"));
  }

  private FillRecord.Outcome save(String route, long maxKeys, String key) {
    CachedResponse entry = new CachedResponse(200, List.of(new StoredHeader("Content-Type", "text/plain")),
        key.getBytes(), Instant.now(), TTL, "\"e\"", CachedResponse.BodyEncoding.AS_SENT, key.length());
    long seen = store.find(key).map(Versioned::generation).orElse(Versioned.NONE);
    store.beginFill(key, Optional.empty());
    return store.save(new FillRecord(route, key, seen, Optional.empty(), key, entry, TTL, Set.of(),
        Optional.of(new FillRecord.KeyBudget(route, maxKeys)), false));
  }

  private Map<FillRecord.Outcome, Integer> saveKeys(String route, long maxKeys, int count) {
    Map<FillRecord.Outcome, Integer> outcomes = new EnumMap<>(FillRecord.Outcome.class);
    for (int i = 0; i < count; i++) {
      outcomes.merge(save(route, maxKeys, "GET:/" + route + "/" + i), 1, Integer::sum);
    }
    return outcomes;
  }

  @Test
  void keysAreStoredUpToTheBudgetAndRefusedPastIt() {
    Map<FillRecord.Outcome, Integer> outcomes = saveKeys("capped", 300, 400);

    int stored = outcomes.getOrDefault(FillRecord.Outcome.STORED, 0);
    // The count is a HyperLogLog: near, not exactly, 300 distinct keys.
    assertTrue(stored >= 290 && stored <= 310, "stored " + stored + " of a budget of 300: " + outcomes);
    assertEquals(400 - stored, outcomes.getOrDefault(FillRecord.Outcome.OVER_BUDGET, 0), outcomes.toString());
    assertEquals(FillRecord.Outcome.OVER_BUDGET, save("capped", 300, "GET:/capped/one-more"));
    assertEquals(FillRecord.Outcome.STORED, save("capped", 300, "GET:/capped/0"), "a key already counted is admitted");
  }

  @Test
  void farBelowTheBudgetOnlyTheFirstSaveAsksFirst() {
    long asking = evalCalls();
    saveKeys("small", 50, 50); // within the slack: every save asks
    long askingEvals = evalCalls() - asking;
    long counting = evalCalls();
    saveKeys("large", 10_000, 50);
    long countingEvals = evalCalls() - counting;

    assertEquals(49, askingEvals - countingEvals, "the admission script should run once for the large budget, "
        + "50 times for the small one");
  }

  private long evalCalls() {
    Matcher matcher = EVAL_CALLS.matcher(redis.command("INFO", "commandstats"));
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }
}
