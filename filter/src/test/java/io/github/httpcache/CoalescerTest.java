package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.StoredHeader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoalescerTest {
  private final Coalescer coalescer = new Coalescer(Duration.ofSeconds(5), Clock.systemUTC());

  private static CachedResponse entry(String body) {
    return new CachedResponse(200, List.of(new StoredHeader("Content-Type", "text/plain")), body.getBytes(),
        Instant.now());
  }

  @Test
  void aMissFollowsAFlightOfTheSameGenerationOnly() {
    Coalescer.Flight leader = coalescer.join("k", 7);
    Coalescer.Flight same = coalescer.join("k", 7);
    Coalescer.Flight other = coalescer.join("k", 8);
    leader.land(Optional.of(entry("v1")));

    assertAll(
        () -> assertTrue(leader.leads()),
        () -> assertFalse(same.leads()),
        () -> assertEquals("v1", new String(same.await().orElseThrow().body())),
        () -> assertFalse(other.leads()),
        () -> assertTrue(other.await().isEmpty(), "a flight of another generation may bring the older row"));
  }

  @Test
  void aRequestFollowsAFlightOpenedAfterItArrived() {
    long arrival = Coalescer.arrival();
    Coalescer.Flight leader = coalescer.joinNext("k", Coalescer.arrival());
    Coalescer.Flight earlier = coalescer.joinNext("k", arrival);

    assertAll(
        () -> assertTrue(leader.leads()),
        () -> assertFalse(earlier.leads()));
  }

  /** The flight under way may have read the origin before a write this request must see: wait for the next. */
  @Test
  void aRequestArrivingDuringAFlightWaitsItOutAndLeadsTheNext() throws Exception {
    Coalescer.Flight first = coalescer.joinNext("k", Coalescer.arrival());
    long late = Coalescer.arrival();
    CompletableFuture<Coalescer.Flight> next = CompletableFuture.supplyAsync(() -> coalescer.joinNext("k", late));
    Thread.sleep(100);
    boolean waited = !next.isDone();
    first.land(Optional.of(entry("read before the write")));
    Coalescer.Flight mine = next.get(10, TimeUnit.SECONDS);

    assertAll(
        () -> assertTrue(waited, "it followed a flight opened before it arrived"),
        () -> assertTrue(mine.leads(), "once the earlier flight landed, it leads a fresh one"));
  }

  @Test
  void aFlightThatNeverLandsIsWaitedForAtMostTheCoalesceWait() throws Exception {
    Coalescer quick = new Coalescer(Duration.ofMillis(200), Clock.systemUTC());
    quick.joinNext("k", Coalescer.arrival());
    long late = Coalescer.arrival();

    Coalescer.Flight alone = CompletableFuture.supplyAsync(() -> quick.joinNext("k", late)).get(10, TimeUnit.SECONDS);

    assertAll(
        () -> assertFalse(alone.leads()),
        () -> assertTrue(alone.await().isEmpty(), "it goes to the origin on its own"));
  }
}
