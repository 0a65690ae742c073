package io.github.httpcache.servlet;

import io.github.httpcache.policy.AcceptEncoding;
import io.github.httpcache.policy.CacheStatusHeaders;
import io.github.httpcache.policy.Conditionals;
import io.github.httpcache.policy.RequestFacts;
import io.github.httpcache.policy.Validators;
import io.github.httpcache.store.CachedResponse.BodyEncoding;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.StoredHeader;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Serves a stored entry as a hit: the representation the client accepts (gzip or identity), or
 * {@code 304 Not Modified} when its {@code If-None-Match} matches, with {@code Age}, {@code ETag},
 * {@code X-Cache} and {@code Cache-Status}.
 */
public final class ResponseReplayer {
  public static final String X_CACHE = "X-Cache";

  /** RFC 9110 §15.4.5: the fields a 304 carries, as the 200 would have. */
  private static final Set<String> NOT_MODIFIED_FIELDS = Set.of("cache-control", "content-location", "expires", "vary");

  private ResponseReplayer() {}

  /** How the entry being served was found. */
  public enum Source {
    STORE,
    COALESCED,
    NEAR
  }

  public static void replay(CachedResponse entry, RequestFacts request, Instant now, HttpServletResponse response)
      throws IOException {
    replay(entry, Source.STORE, request, now, response);
  }

  public static void replay(CachedResponse entry, Source source, RequestFacts request, Instant now,
      HttpServletResponse response) throws IOException {
    long ttl = entry.remainingSeconds(now);
    replay(entry, switch (source) {
      case STORE -> CacheStatusHeaders.hit(ttl);
      case COALESCED -> CacheStatusHeaders.coalescedHit(ttl);
      case NEAR -> CacheStatusHeaders.nearHit(ttl);
    }, request, now, response);
  }

  /** Replays {@code entry} as a hit with the given {@code Cache-Status} value. */
  public static void replay(CachedResponse entry, String cacheStatus, RequestFacts request, Instant now,
      HttpServletResponse response) throws IOException {
    boolean gzipStored = entry.encoding() == BodyEncoding.GZIP_BY_CACHE;
    boolean sendGzip = gzipStored && AcceptEncoding.acceptsGzip(request.header("accept-encoding").orElse(null));
    String etag = entry.etag().isEmpty() ? null : sendGzip ? Validators.gzipVariant(entry.etag()) : entry.etag();
    boolean notModified = entry.status() == 200 && isNotModified(entry, etag, request);

    response.setStatus(notModified ? HttpServletResponse.SC_NOT_MODIFIED : entry.status());
    List<StoredHeader> headers = entry.headers();
    for (int i = 0; i < headers.size(); i++) {
      StoredHeader header = headers.get(i);
      if (notModified && !NOT_MODIFIED_FIELDS.contains(header.name().toLowerCase(Locale.ROOT))) {
        continue;
      }
      switch (entry.lineKind(i)) {
        case CONTENT_TYPE -> response.setContentType(header.value());
        // The first value replaces what the container preset (such as Server), so nothing doubles.
        case FIRST -> response.setHeader(header.name(), header.value());
        case REPEAT -> response.addHeader(header.name(), header.value());
        case HIDDEN -> { } // the cache's own record, not the origin's
      }
    }
    if (etag != null) {
      response.setHeader("ETag", etag);
    }
    response.setHeader(X_CACHE, "HIT");
    response.setHeader(CacheStatusHeaders.NAME, cacheStatus);
    // RFC 9111 §5.1: the time since the entry was stored.
    response.setHeader("Age", Long.toString(entry.ageSeconds(now)));
    int length = gzipStored && !sendGzip ? entry.identityLength() : entry.bodyLength();
    // RFC 9110 §8.6: a 304 may carry Content-Length only as the 200's; never a misleading 0.
    response.setContentLength(length);
    if (notModified) {
      return;
    }
    if (sendGzip) {
      response.setHeader("Content-Encoding", "gzip");
    }
    if (request.method().equals("HEAD")) {
      return;
    }
    if (gzipStored && !sendGzip) {
      try (InputStream identity = new GZIPInputStream(entry.bodyStream(), 8192)) {
        identity.transferTo(response.getOutputStream());
      }
    } else {
      entry.writeBody(response.getOutputStream());
    }
  }

  /**
   * RFC 9110 §13.2.2 / RFC 9111 §4.3.2: {@code If-None-Match} decides when present; else
   * {@code If-Modified-Since} against the stored {@code Last-Modified} (or {@code Date}, or when
   * it was stored).
   */
  private static boolean isNotModified(CachedResponse entry, String etag, RequestFacts request) {
    Optional<String> ifNoneMatch = request.header("if-none-match");
    if (ifNoneMatch.isPresent()) {
      return Validators.ifNoneMatchMatches(ifNoneMatch.get(), etag);
    }
    Optional<String> ifModifiedSince = request.header("if-modified-since");
    if (ifModifiedSince.isEmpty()) {
      return false;
    }
    Map<String, List<String>> dates = new HashMap<>();
    for (StoredHeader header : entry.headers()) {
      String name = header.name().toLowerCase(Locale.ROOT);
      if (name.equals("last-modified") || name.equals("date")) {
        dates.computeIfAbsent(name, n -> new ArrayList<>()).add(header.value());
      }
    }
    return Conditionals.evaluate(request.method(), Map.of("if-modified-since", List.of(ifModifiedSince.get())),
        entry.status(), dates, entry.storedAt()).isNotModified();
  }
}
