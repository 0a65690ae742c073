package io.github.httpcache;

import io.github.httpcache.MissFill.Plan;
import io.github.httpcache.MissFill.Revalidating;
import io.github.httpcache.MissFill.Target;
import io.github.httpcache.policy.CacheStatusHeaders;
import io.github.httpcache.policy.CacheStatusHeaders.Forward;
import io.github.httpcache.servlet.DetachedResponse;
import io.github.httpcache.servlet.FillRequest;
import io.github.httpcache.servlet.KeyedQueryRequest;
import io.github.httpcache.servlet.ObservedRequest;
import io.github.httpcache.servlet.ResponseReplayer;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.GuardedStore.FillStart;
import io.github.httpcache.store.StoreLookup;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the fills {@link ReadExecutor} decided on: one origin call per entry, so a miss first
 * joins this node's flight for the same entry, then waits for another node's lease holder,
 * and only then runs a {@link MissFill} against the origin.
 */
final class FillStarter {
  private static final Logger log = LoggerFactory.getLogger(FillStarter.class);
  private static final long LEASE_POLL_MILLIS = 20;

  private final CacheParts parts;
  private final Coalescer coalescer;

  FillStarter(CacheParts parts, Coalescer coalescer) {
    this.parts = parts;
    this.coalescer = coalescer;
  }

  /** Waits for this node's or another node's fill of the same entry when it may; else fills itself. */
  void fillOrJoin(Exchange exchange, Target target, Forward forward, Optional<CachedResponse> staleIfError,
      Optional<Revalidating> revalidating) throws IOException, ServletException {
    Optional<Coalescer.Flight> flight = Optional.empty();
    if (target.shape().coalesce()) {
      Coalescer.Flight joined = coalescer.join(target.flightKey(), target.shape().generation());
      if (!joined.leads()) {
        Optional<CachedResponse> shared = joined.await();
        if (shared.isPresent()) {
          serveCoalesced(exchange, shared.get());
          return;
        }
      } else {
        flight = Optional.of(joined);
      }
    }
    FillStart start = parts.store().beginFill(exchange.key(), parts.settings().fillLease());
    if (start == FillStart.LEASED_ELSEWHERE && servedFromOtherNode(exchange, target.shape().generation(), flight)) {
      return;
    }
    parts.metrics().miss(exchange.route().name(), exchange.key());
    fill(exchange, new Plan(exchange.route(), exchange.facts(), target, forward, staleIfError, revalidating, flight,
        start != FillStart.UNAVAILABLE));
  }

  /**
   * The store could not be asked: shares an origin call opened after this request arrived, or
   * leads one whose response the requests waiting for it share; nothing is stored. Labelled
   * {@code BYPASS}: the cache answered nothing from Redis.
   */
  void collapse(Exchange exchange, Target target, String reason) throws IOException, ServletException {
    parts.metrics().bypass(exchange.route().name(), reason);
    Coalescer.Flight flight = coalescer.joinNext(target.flightKey(), exchange.arrival());
    if (!flight.leads()) {
      Optional<CachedResponse> shared = flight.await();
      if (shared.isPresent()) {
        parts.metrics().collapsed();
        ResponseReplayer.replayForwarded(shared.get(), CacheStatusHeaders.bypass(reason) + "; collapsed",
            exchange.facts(), parts.clock().instant(), exchange.response());
        return;
      }
    }
    fill(exchange, new Plan(exchange.route(), exchange.facts(), target, Forward.BYPASS, Optional.empty(), Optional.empty(),
        flight.leads() ? Optional.of(flight) : Optional.empty(), false));
  }

  /**
   * Refreshes a stale entry already served (stale-while-revalidate): once per entry on this node,
   * and with {@code cache.fill-lease} once across nodes, into no client's response.
   */
  void refreshOnce(Exchange exchange, Target target) {
    Coalescer.Flight flight = coalescer.join(target.flightKey(), target.shape().generation());
    if (!flight.leads()) {
      return;
    }
    FillStart start = parts.store().beginFill(exchange.key(), parts.settings().fillLease());
    if (start == FillStart.LEASED_ELSEWHERE) {
      flight.land(Optional.empty()); // another node holds the key's lease: it is refreshing it already
      return;
    }
    boolean registered = start != FillStart.UNAVAILABLE;
    Plan plan = new Plan(exchange.route(), exchange.facts(), target, Forward.STALE, Optional.empty(), Optional.empty(),
        Optional.of(flight), registered);
    MissFill refresh = new MissFill(parts, plan, exchange.request(), new DetachedResponse());
    try {
      FillRequest origin = new FillRequest(keyed(exchange), refresh.response(), FillRequest.Validators.HIDDEN,
          refresh::complete);
      parts.callOrigin(ObservedRequest.forFill(origin, refresh.inputs()), refresh.response(), exchange.chain());
      if (!exchange.request().isAsyncStarted()) {
        refresh.complete();
      }
    } catch (IOException | ServletException | RuntimeException e) {
      refresh.abandon();
      log.warn("Refreshing the stale entry {} failed; it is served until stale-while-revalidate runs out",
          exchange.key(), e);
    }
  }

  /** Another node is filling this key: wait (bounded) for its entry rather than call the origin too. */
  private boolean servedFromOtherNode(Exchange exchange, long generation, Optional<Coalescer.Flight> flight)
      throws IOException {
    Optional<CachedResponse> theirs = awaitOtherNode(exchange, generation);
    if (theirs.isEmpty()) {
      return false;
    }
    parts.store().endFill(exchange.key(), true);
    flight.ifPresent(f -> f.land(theirs));
    serveCoalesced(exchange, theirs.get());
    return true;
  }

  private void serveCoalesced(Exchange exchange, CachedResponse entry) throws IOException {
    parts.metrics().coalescedHit(exchange.route().name(), exchange.key());
    ResponseReplayer.replay(entry, ResponseReplayer.Source.COALESCED, exchange.facts(), parts.clock().instant(),
        exchange.response());
  }

  /**
   * Polls for the entry another node's lease holder is storing, until it appears or the lease
   * comes free (the holder finished without storing, or died and its lease expired), bounded by
   * {@code cache.coalesce-wait}. A dead holder never blocks anyone past its lease.
   */
  private Optional<CachedResponse> awaitOtherNode(Exchange exchange, long generation) {
    long deadline = parts.clock().millis() + parts.settings().coalesceWait().toMillis();
    while (parts.clock().millis() < deadline) {
      try {
        Thread.sleep(LEASE_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      StoreLookup found = parts.store().find(exchange.key());
      if (found.value() instanceof CachedResponse entry && found.generation() == generation
          && exchange.dims().mismatched(entry::recorded).isEmpty()) {
        return Optional.of(entry);
      }
      if (found.outcome() == StoreLookup.Outcome.UNAVAILABLE
          || parts.store().beginFill(exchange.key(), parts.settings().fillLease()) != FillStart.LEASED_ELSEWHERE) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The application sees only the query its key holds, so nothing outside the key shapes what is stored. */
  private static HttpServletRequest keyed(Exchange exchange) {
    return KeyedQueryRequest.hidingUnkeyed(exchange.request(), exchange.route());
  }

  private void fill(Exchange exchange, Plan plan) throws IOException, ServletException {
    MissFill fill = new MissFill(parts, plan, exchange.request(), exchange.response());
    HttpServletRequest keyed = keyed(exchange);
    // Revalidating, the origin gets the stored entry's validators (RFC 9111 §4.3.1); else the client's as sent when
    // the decision says so, or none, so it answers in full and the cache judges the client's condition itself.
    FillRequest origin = plan.revalidating().isPresent()
        ? new FillRequest(keyed, fill.response(), plan.revalidating().get().validators(), fill::complete)
        : new FillRequest(keyed, fill.response(), plan.target().shape().conditional() ? FillRequest.Validators.FORWARDED
            : FillRequest.Validators.HIDDEN, fill::complete);
    try {
      // Every input the application reads is recorded: a page shaped by one its key does not hold is not stored.
      parts.callOrigin(ObservedRequest.forFill(origin, fill.inputs()), fill.response(), exchange.chain());
    } catch (IOException | ServletException | RuntimeException e) {
      fill.abandon();
      if (!fill.canServeStale()) {
        throw e;
      }
      // RFC 5861 stale-if-error: the origin failed, the stale entry answers instead.
      log.warn("The origin failed for {}; serving the stale entry", exchange.key(), e);
      fill.serveStale(-1);
      return;
    }
    if (!origin.isAsyncStarted()) {
      fill.complete();
    }
  }
}
