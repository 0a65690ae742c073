package io.github.httpcache;

import com.codahale.metrics.Timer;
import io.github.httpcache.config.Route;
import io.github.httpcache.key.Variants;
import io.github.httpcache.policy.CacheStatusHeaders;
import io.github.httpcache.policy.CacheStatusHeaders.Forward;
import io.github.httpcache.policy.FreshnessStrategy;
import io.github.httpcache.policy.FreshnessStrategy.Lifetime;
import io.github.httpcache.policy.OriginFreshness;
import io.github.httpcache.policy.ReadDecision.FillShape;
import io.github.httpcache.policy.ReadPolicy;
import io.github.httpcache.policy.RequestFacts;
import io.github.httpcache.policy.ResponseFacts;
import io.github.httpcache.policy.Revalidation;
import io.github.httpcache.policy.Sharing;
import io.github.httpcache.policy.StoreDecision;
import io.github.httpcache.policy.StorePolicy;
import io.github.httpcache.policy.TargetedCacheControl;
import io.github.httpcache.policy.UnkeyedInputs;
import io.github.httpcache.policy.UnkeyedInputs.Verdict;
import io.github.httpcache.policy.Validators;
import io.github.httpcache.policy.VariantDimensions;
import io.github.httpcache.policy.VaryHeader;
import io.github.httpcache.servlet.BufferingResponseWrapper;
import io.github.httpcache.servlet.EntryCapture;
import io.github.httpcache.servlet.InputsRead;
import io.github.httpcache.servlet.ResponseReplayer;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.FillRecord;
import io.github.httpcache.store.StoredHeader;
import io.github.httpcache.store.VariantIndex;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One miss being filled, from an immutable {@link Plan}: after the origin has written (at once,
 * or when an async servlet completes), decide, save under the generation the lookup saw, and
 * answer the client with the origin's body, a 304, or the stale entry; the {@link Result} says
 * what was stored.
 */
final class MissFill {
  private static final UnkeyedInputWarnings UNKEYED_WARNINGS = new UnkeyedInputWarnings();

  /**
   * Where the fill goes: the logical key, how the lookup found it ({@link FillShape}), the
   * request's own dimensions, and when the lookup started (for the fence and the near cache).
   */
  record Target(String key, FillShape shape, VariantDimensions dims, long startedAtMillis, long nearEpoch) {
    /** Concurrent misses share one fill only when they would be served the same entry. */
    String flightKey() {
      return key + "\n" + dims.signature();
    }

    /** What the stored entry records of the request it was filled for. */
    List<StoredHeader> lines() {
      List<StoredHeader> lines = new ArrayList<>();
      dims.values().forEach((name, value) -> lines.add(new StoredHeader(name, value)));
      return lines;
    }
  }

  /** A stale entry being revalidated (RFC 9111 §4.3.1) and the conditional headers sent for it. */
  record Revalidating(CachedResponse stored, Map<String, String> validators) {}

  /**
   * Everything a fill needs to know, fixed before the origin is called.
   *
   * @param registered whether the fill is in the store's registry (so an invalidation from then on
   *     fences it); unregistered fills are not saved
   */
  record Plan(Route route, RequestFacts facts, Target target, Forward forward, Optional<CachedResponse> staleIfError,
      Optional<Revalidating> revalidating, Optional<Coalescer.Flight> flight, boolean registered) {}

  /** What the fill stored: the decision, and the entry when it was stored. */
  record Result(StoreDecision decision, Optional<CachedResponse> entry) {}

  private final CacheParts parts;
  private final Plan plan;
  private final HttpServletRequest request;
  private final BufferingResponseWrapper response;
  private final FreshnessStrategy freshness;
  private final AtomicBoolean completed = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final InputsRead inputs = new InputsRead();
  /** What requests waiting for this fill are served: the stored entry, or what a collapsed bypass captured. */
  private CachedResponse shared;
  private StoreDecision decision;
  /** The unkeyed input that kept the response out, when one did. */
  private String unkeyedInput;
  private CachedResponse entry;

  MissFill(CacheParts parts, Plan plan, HttpServletRequest request, HttpServletResponse response) {
    this.parts = parts;
    this.plan = plan;
    this.request = request;
    this.freshness = FreshnessStrategy.of(plan.route());
    this.response = new BufferingResponseWrapper(response, plan.route().maxBodySize(), this::beforeCommit,
        parts.settings().tagHeader(), parts.fillMemory(), plan.route().targeted().hidden());
  }

  BufferingResponseWrapper response() {
    return response;
  }

  /** Where the application's reads of the request are recorded while it fills. */
  InputsRead inputs() {
    return inputs;
  }

  private String key() {
    return plan.target().key();
  }

  /** Headers the client sees on a miss; runs once, just before anything is sent. */
  private void beforeCommit(BufferingResponseWrapper wrapper) {
    // A collapsed bypass (the store could not be asked) is a BYPASS, as every request Redis did not serve.
    wrapper.setHeader(ResponseReplayer.X_CACHE, plan.forward() == Forward.BYPASS ? "BYPASS" : "MISS");
    if (StorePolicy.isEventStream(wrapper.getContentType())) {
      // A live stream ends when it ends: waiting requests go to the origin now rather than wait for it.
      decision = StoreDecision.SKIP_EVENT_STREAM;
      plan.flight().ifPresent(f -> f.land(Optional.empty()));
    }
    StoreDecision known = decision != null ? decision : wrapper.isOverMemory() ? StoreDecision.SKIP_FILL_MEMORY
        : wrapper.isOverLimit() ? StoreDecision.SKIP_TOO_LARGE : null;
    wrapper.setHeader(CacheStatusHeaders.NAME, unkeyedInput != null
        ? CacheStatusHeaders.forwarded(plan.forward(), known, unkeyedInput)
        : CacheStatusHeaders.forwarded(plan.forward(), known));
    routeVaryMissing(wrapper.getHeaders("Vary")).ifPresent(vary -> wrapper.addHeader("Vary", vary));
    if (entry != null) {
      if (!wrapper.containsHeader("ETag")) {
        wrapper.setHeader("ETag", entry.etag());
      }
      if (entry.encoding() == CachedResponse.BodyEncoding.GZIP_BY_CACHE) {
        entry.headers().stream().filter(h -> h.name().equalsIgnoreCase("Vary")).findFirst()
            .ifPresent(vary -> wrapper.setHeader(vary.name(), vary.value()));
      }
    }
  }

  /** Decides, stores, and sends the response; safe to call more than once (only the first counts). */
  Result complete() {
    if (!completed.compareAndSet(false, true)) {
      return result();
    }
    try {
      if (plan.revalidating().isPresent() && response.getStatus() == HttpServletResponse.SC_NOT_MODIFIED) {
        freshened(plan.revalidating().get().stored());
        return result();
      }
      if (!plan.facts().method().equals("GET")) {
        updateFromHead(plan.revalidating().orElseThrow().stored()); // a HEAD has no body to store
        return result();
      }
      store();
      // Waiting requests get the entry only if it is the one they would have looked up.
      plan.flight().ifPresent(f -> f.land(Optional.ofNullable(shared)));
      answer();
      return result();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      abandon();
    }
  }

  private Result result() {
    return new Result(decision, Optional.ofNullable(entry));
  }

  /** The origin's answer, a 304 for the client's own validator, or the stale entry for a 5xx. */
  private void answer() throws IOException {
    int status = response.getStatus();
    if (status >= 500 && plan.staleIfError().isPresent() && !response.isStreaming()) {
      serveStale(status);
    } else if (entry != null && !response.isStreaming()
        && Validators.ifNoneMatchMatches(plan.facts().header("if-none-match").orElse(null), entry.etag())) {
      response.finishNotModified();
    } else {
      response.finish();
    }
  }

  /**
   * RFC 9111 §4.3.3/§4.3.4: the origin answered our conditional request 304, so the stored body
   * is still good. Its headers are updated from the 304, it is saved with its new freshness
   * (fenced like any fill), and the client gets it as a hit.
   */
  private void freshened(CachedResponse stored) throws IOException {
    Instant now = parts.clock().instant();
    Map<String, List<String>> storedHeaders = OriginFreshness.headerMap(stored);
    Map<String, List<String>> notModified = response.facts().headers();
    if (!Revalidation.freshening(storedHeaders, notModified, now).updates()) {
      // §4.3.4: this 304 is about some other response; serve the stored one without updating it.
      replayRevalidated(stored, now);
      return;
    }
    CachedResponse refreshed = saveUpdated(stored, Revalidation.updatedHeaders(storedHeaders, notModified, now), now);
    plan.flight().ifPresent(f -> f.land(decision == StoreDecision.STORE ? Optional.of(refreshed) : Optional.empty()));
    replayRevalidated(refreshed, now);
  }

  /**
   * RFC 9111 §4.3.5: a 200 to a HEAD for a stale entry, whose validators and length match it,
   * updates its stored headers and freshness as a 304 would; the client gets the origin's answer.
   */
  private void updateFromHead(CachedResponse stored) throws IOException {
    Instant now = parts.clock().instant();
    Map<String, List<String>> storedHeaders = OriginFreshness.headerMap(stored);
    Map<String, List<String>> head = response.facts().headers();
    long length = stored.encoding() == CachedResponse.BodyEncoding.GZIP_BY_CACHE ? stored.identityLength()
        : stored.bodyLength();
    if (response.getStatus() == HttpServletResponse.SC_OK && !response.isStreaming()
        && Revalidation.headFreshening(storedHeaders, head, length, now).updates()) {
      saveUpdated(stored, Revalidation.updatedHeaders(storedHeaders, head, now), now);
    }
    response.finish();
  }

  /** {@code stored} with {@code updated} headers and the freshness they give it, saved under its variant (fenced like any fill). */
  private CachedResponse saveUpdated(CachedResponse stored, Map<String, List<String>> updated, Instant now) {
    Lifetime lifetime = freshness.lifetime(stored.status(), updated, plan.route(), plan.target().startedAtMillis(), now,
        parts.settings().revalidationWindow());
    String etag = updated.getOrDefault("etag", List.of(stored.etag())).get(0);
    // A targeted field the update carries replaces the stored one, still hidden from clients.
    CachedResponse refreshed = stored.revalidated(
        OriginFreshness.storedHeaders(TargetedCacheControl.asStored(updated, plan.route().targeted())), etag,
        lifetime.born(), lifetime.lifetime());
    // Saved where it was found: a varied entry stays a variant, under the same selecting headers.
    List<String> varied = ReadPolicy.union(VaryHeader.names(updated.getOrDefault("vary", List.of()),
        stored.encoding() == CachedResponse.BodyEncoding.GZIP_BY_CACHE).orElse(List.of()), plan.target().shape().promoted());
    if (lifetime.keep().compareTo(Duration.ZERO) > 0 && plan.registered()) {
      decision = save(refreshed, varied, lifetime.keep());
      if (decision == StoreDecision.STORE && varied.isEmpty()) {
        parts.nearCache().ifPresent(near -> near.put(key(), refreshed, plan.target().nearEpoch()));
      }
    }
    return refreshed;
  }

  private void replayRevalidated(CachedResponse served, Instant now) throws IOException {
    parts.metrics().hit(plan.route().name(), key());
    ResponseReplayer.replay(served, CacheStatusHeaders.revalidated(), plan.facts(), now, response.discardForReplacement());
  }

  /** Whether a stale entry can stand in for an origin failure (the origin threw before anything was sent). */
  boolean canServeStale() {
    return plan.staleIfError().isPresent() && !response.isStreaming() && !response.isCommitted();
  }

  /** Answers with the stale entry instead of the origin's failure ({@code stale-if-error}). */
  void serveStale(int originStatus) throws IOException {
    parts.metrics().staleServed();
    ResponseReplayer.replay(plan.staleIfError().get(), CacheStatusHeaders.staleIfError(originStatus), plan.facts(),
        parts.clock().instant(), response.discardForReplacement());
  }

  /** Lets waiting requests go to the origin themselves: this fill failed or stored nothing they can use. */
  void abandon() {
    // The fill is over either way: what it buffered goes back to the fill memory budget.
    response.releaseCapture();
    plan.flight().ifPresent(f -> f.land(Optional.empty()));
    if (plan.registered() && ended.compareAndSet(false, true)) {
      parts.store().endFill(key(), parts.settings().fillLease().isPresent());
    }
  }

  private void store() {
    ResponseFacts responseFacts = response.facts();
    Optional<Lifetime> lifetime = decide(responseFacts);
    if (decision == StoreDecision.STORE) {
      persist(responseFacts, lifetime.orElseThrow());
    } else if (decision == StoreDecision.SKIP_STORE_UNAVAILABLE && plan.flight().isPresent()) {
      // Not stored, but the requests that arrived before this call began may share it.
      CachedResponse captured = capture(responseFacts, lifetime.orElseThrow());
      shared = vary(responseFacts, captured).isEmpty() ? captured : null;
    }
    if (decision == StoreDecision.STORE) {
      parts.metrics().stored(plan.route().name(), key(), entry == null ? 0 : entry.bodyLength());
    } else {
      parts.metrics().skipped(decision);
    }
  }

  /** Whether to store (into {@link #decision}) and, if so, for how long. */
  private Optional<Lifetime> decide(ResponseFacts responseFacts) {
    Route route = plan.route();
    Sharing sharing = route.perUser().isPresent() ? Sharing.PER_USER : Sharing.SHARED;
    decision = freshness.storeDecision(requestHeaders(), responseFacts, sharing, route.cookies());
    if (decision != StoreDecision.STORE) {
      return Optional.empty();
    }
    Lifetime lifetime = freshness.lifetime(responseFacts.status(), responseFacts.headers(), route, plan.target().startedAtMillis(),
        parts.clock().instant(), parts.settings().revalidationWindow());
    long took = parts.clock().millis() - plan.target().startedAtMillis();
    if (lifetime.keep().compareTo(Duration.ZERO) <= 0) {
      decision = StoreDecision.SKIP_NO_FRESHNESS;
    } else if (!plan.registered()) {
      decision = StoreDecision.SKIP_STORE_UNAVAILABLE;
    } else if (took >= parts.settings().invalidationFence().toMillis()) {
      // Slower than the fence: a tombstone of an invalidation during the fill may have expired.
      decision = StoreDecision.SKIP_SLOW_FILL;
    } else {
      judgeInputs(responseFacts);
    }
    return Optional.of(lifetime);
  }

  /** A page that read an input its key does not hold is not stored (or, in warn mode, stored and reported). */
  private void judgeInputs(ResponseFacts responseFacts) {
    Verdict verdict = UnkeyedInputs.judge(inputs.names(), plan.route(),
        VaryHeader.names(responseFacts.header("vary"), false).orElse(List.of()));
    if (verdict.outcome() == UnkeyedInputs.Outcome.KEYED) {
      return;
    }
    String input = verdict.input().orElseThrow();
    parts.metrics().unkeyedInput(plan.route().name(), input);
    UNKEYED_WARNINGS.warn(plan.route().name(), input, verdict.outcome() == UnkeyedInputs.Outcome.REFUSE);
    if (verdict.outcome() == UnkeyedInputs.Outcome.REFUSE) {
      decision = StoreDecision.SKIP_UNKEYED_INPUT;
      unkeyedInput = input;
    }
  }

  /** The route's {@code vary} headers the response does not list yet, as one {@code Vary} value. */
  private Optional<String> routeVaryMissing(java.util.Collection<String> varyLines) {
    List<String> listed = VaryHeader.names(List.copyOf(varyLines), false).orElse(List.of("*"));
    List<String> missing = plan.route().inputs().vary().stream().filter(name -> !listed.contains(name)).toList();
    return missing.isEmpty() || listed.contains("*") ? Optional.empty() : Optional.of(String.join(", ", missing));
  }

  /** Captures the entry and saves it, under a variant key when it varies; keeps a copy near when it does not. */
  private void persist(ResponseFacts responseFacts, Lifetime lifetime) {
    CachedResponse captured = capture(responseFacts, lifetime);
    List<String> vary = vary(responseFacts, captured);
    List<String> varied = ReadPolicy.union(vary, plan.target().shape().promoted());
    decision = save(captured, varied, lifetime.keep());
    entry = decision == StoreDecision.STORE ? captured : null;
    // Waiting requests have this request's dimensions (they key the flight), so only Vary stops sharing.
    shared = entry != null && vary.isEmpty() ? entry : null;
    if (entry != null && varied.isEmpty()) {
      parts.nearCache().ifPresent(near -> near.put(key(), entry, plan.target().nearEpoch()));
    }
  }

  /** The response as an entry, with what it was filled for and the route's {@code vary} recorded. */
  private CachedResponse capture(ResponseFacts responseFacts, Lifetime lifetime) {
    CachedResponse captured = EntryCapture.capture(response, responseFacts, parts.settings(), lifetime.lifetime(),
        lifetime.born(), freshness.storesOriginDateAndEtag()).withLines(plan.target().lines());
    Optional<String> routeVary = routeVaryMissing(responseFacts.header("vary"));
    return routeVary.isPresent() ? captured.withLines(List.of(new StoredHeader("Vary", routeVary.get()))) : captured;
  }

  private static List<String> vary(ResponseFacts responseFacts, CachedResponse captured) {
    return VaryHeader.names(responseFacts.header("vary"),
        captured.encoding() == CachedResponse.BodyEncoding.GZIP_BY_CACHE).orElseThrow();
  }

  private StoreDecision save(CachedResponse captured, List<String> varied, Duration keep) {
    FillShape shape = plan.target().shape();
    String entryKey = key();
    Optional<VariantIndex> index = Optional.empty();
    if (!varied.isEmpty()) {
      VariantIndex chosen = shape.index().filter(i -> i.headerNames().equals(varied))
          .orElseGet(() -> new VariantIndex(varied, ThreadLocalRandom.current().nextLong()));
      index = Optional.of(chosen);
      entryKey = Variants.variantKey(key(), chosen.epoch(), varied, ReadExecutor.selector(request, plan.target().dims()));
    }
    Route route = plan.route();
    FillRecord fill = new FillRecord(route.name(), key(), shape.generation(), index, entryKey, captured, keep, tags(),
        route.maxKeys() > 0 ? Optional.of(new FillRecord.KeyBudget(route.name(), route.maxKeys())) : Optional.empty(),
        parts.settings().fillLease().isPresent());
    Optional<FillRecord.Outcome> outcome;
    try (Timer.Context ignored = parts.metrics().saveTime().time()) {
      outcome = parts.store().save(fill);
    }
    // A save ends the fill (its registration and lease), whatever its outcome.
    ended.set(true);
    return outcome.map(o -> switch (o) {
      case STORED -> StoreDecision.STORE;
      case FENCED_OUT -> StoreDecision.SKIP_FENCED;
      case OVER_BUDGET -> StoreDecision.SKIP_KEY_BUDGET;
    }).orElse(StoreDecision.SKIP_STORE_UNAVAILABLE);
  }

  /** What RFC 9111 §3 reads of the request: its credentials and its own {@code Cache-Control}. */
  private Map<String, List<String>> requestHeaders() {
    Map<String, List<String>> headers = new HashMap<>();
    for (String name : List.of("authorization", "cache-control")) {
      List<String> values = Collections.list(request.getHeaders(name));
      if (!values.isEmpty()) {
        headers.put(name, values);
      }
    }
    return headers;
  }

  /** Tags from the tag header, comma-separated, as the origin listed them. */
  private Set<String> tags() {
    Set<String> tags = new LinkedHashSet<>();
    for (String line : response.tagHeaderValues()) {
      for (String tag : line.split(",")) {
        if (!tag.isBlank()) {
          tags.add(tag.trim());
        }
      }
    }
    return tags;
  }
}
