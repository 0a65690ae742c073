package io.github.httpcache.servlet;

import io.github.httpcache.policy.AcceptEncoding;
import io.github.httpcache.policy.ByteRanges;
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
 * Serves a stored entry as a hit: the representation the client accepts (gzip or identity),
 * {@code 304 Not Modified} when its {@code If-None-Match} matches, or the part (206) or 416 a
 * {@code Range} request was decided to get, with {@code Age}, {@code ETag}, {@code X-Cache} and
 * {@code Cache-Status}.
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
    replay(entry, Source.STORE, ByteRanges.NO_RANGE, request, now, response);
  }

  public static void replay(CachedResponse entry, Source source, RequestFacts request, Instant now,
      HttpServletResponse response) throws IOException {
    replay(entry, source, ByteRanges.NO_RANGE, request, now, response);
  }

  /** Replays {@code entry} as a hit, or the {@code part} of it a {@code Range} request selected ({@link ByteRanges}). */
  public static void replay(CachedResponse entry, Source source, ByteRanges.Selection part, RequestFacts request,
      Instant now, HttpServletResponse response) throws IOException {
    long ttl = entry.remainingSeconds(now);
    replay(entry, switch (source) {
      case STORE -> CacheStatusHeaders.hit(ttl);
      case COALESCED -> CacheStatusHeaders.coalescedHit(ttl);
      case NEAR -> CacheStatusHeaders.nearHit(ttl);
    }, part, "HIT", request, now, response);
  }

  /** Replays {@code entry} as a hit with the given {@code Cache-Status} value. */
  public static void replay(CachedResponse entry, String cacheStatus, RequestFacts request, Instant now,
      HttpServletResponse response) throws IOException {
    replay(entry, cacheStatus, ByteRanges.NO_RANGE, "HIT", request, now, response);
  }

  /**
   * Replays a response another request just had from the origin (not from Redis), as a {@code BYPASS}
   * with the given {@code Cache-Status} value.
   */
  public static void replayForwarded(CachedResponse entry, String cacheStatus, RequestFacts request, Instant now,
      HttpServletResponse response) throws IOException {
    replay(entry, cacheStatus, ByteRanges.NO_RANGE, "BYPASS", request, now, response);
  }

  private static void replay(CachedResponse entry, String cacheStatus, ByteRanges.Selection part, String xCache,
      RequestFacts request, Instant now, HttpServletResponse response) throws IOException {
    boolean gzipStored = entry.encoding() == BodyEncoding.GZIP_BY_CACHE;
    boolean sendGzip = gzipStored && AcceptEncoding.acceptsGzip(request.header("accept-encoding").orElse(null));
    String etag = entry.etag().isEmpty() ? null : sendGzip ? Validators.gzipVariant(entry.etag()) : entry.etag();
    boolean notModified = entry.status() == 200 && isNotModified(entry, etag, request);
    // RFC 9110 §13.2.2: the client's own validator is evaluated before its Range.
    ByteRanges.Selection sent = notModified ? ByteRanges.NO_RANGE : part;
    boolean bodiless = notModified || sent instanceof ByteRanges.Unsatisfiable;
    response.setStatus(notModified ? HttpServletResponse.SC_NOT_MODIFIED : status(entry, sent));
    writeHeaders(entry, notModified, bodiless, response);
    if (etag != null) {
      response.setHeader("ETag", etag);
    }
    response.setHeader(X_CACHE, xCache);
    response.setHeader(CacheStatusHeaders.NAME, cacheStatus);
    // RFC 9111 §5.1: the time since the entry was stored.
    response.setHeader("Age", Long.toString(entry.ageSeconds(now)));
    // RFC 9110 §8.6: a 304 may carry Content-Length only as the 200's; never a misleading 0.
    frame(sent, gzipStored && !sendGzip ? entry.identityLength() : entry.bodyLength(), response);
    if (bodiless) {
      return;
    }
    if (sendGzip) {
      response.setHeader("Content-Encoding", "gzip");
    }
    if (!request.method().equals("HEAD")) {
      writeBody(entry, sent, gzipStored && !sendGzip, response);
    }
  }

  private static int status(CachedResponse entry, ByteRanges.Selection sent) {
    if (sent instanceof ByteRanges.Part) {
      return HttpServletResponse.SC_PARTIAL_CONTENT;
    }
    return sent instanceof ByteRanges.Unsatisfiable ? HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE
        : entry.status();
  }

  /** The stored lines; a 304 only those RFC 9110 §15.4.5 names, a 416 none that describe the (absent) content. */
  private static void writeHeaders(CachedResponse entry, boolean notModified, boolean bodiless,
      HttpServletResponse response) {
    List<StoredHeader> headers = entry.headers();
    for (int i = 0; i < headers.size(); i++) {
      StoredHeader header = headers.get(i);
      if (notModified && !NOT_MODIFIED_FIELDS.contains(header.name().toLowerCase(Locale.ROOT))) {
        continue;
      }
      switch (entry.lineKind(i)) {
        case CONTENT_TYPE -> {
          if (!bodiless) {
            response.setContentType(header.value());
          }
        }
        // The first value replaces what the container preset (such as Server), so nothing doubles.
        case FIRST -> response.setHeader(header.name(), header.value());
        case REPEAT -> response.addHeader(header.name(), header.value());
        case HIDDEN -> { } // the cache's own record, not the origin's
      }
    }
  }

  /** {@code Content-Length}, and {@code Content-Range} for a part or a 416 (RFC 9110 §14.4). */
  private static void frame(ByteRanges.Selection sent, int length, HttpServletResponse response) {
    if (sent instanceof ByteRanges.Part part) {
      response.setHeader("Content-Range", part.contentRange());
      response.setContentLengthLong(part.size());
    } else if (sent instanceof ByteRanges.Unsatisfiable unsatisfiable) {
      response.setHeader("Content-Range", unsatisfiable.contentRange());
      response.setContentLength(0);
    } else {
      response.setContentLength(length);
    }
  }

  private static void writeBody(CachedResponse entry, ByteRanges.Selection sent, boolean decode,
      HttpServletResponse response) throws IOException {
    if (sent instanceof ByteRanges.Part part) {
      entry.writeBody(response.getOutputStream(), part.first(), part.size());
    } else if (decode) {
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
