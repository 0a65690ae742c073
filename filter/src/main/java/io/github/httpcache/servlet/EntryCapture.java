package io.github.httpcache.servlet;

import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.policy.Compression;
import io.github.httpcache.policy.ResponseFacts;
import io.github.httpcache.policy.StoredHeaders;
import io.github.httpcache.policy.TargetedCacheControl;
import io.github.httpcache.policy.Validators;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.CachedResponse.BodyEncoding;
import io.github.httpcache.store.StoredHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Turns what the origin wrote into an entry: the headers worth replaying (verbatim, minus
 * hop-by-hop and {@code Connection}-listed fields), an entity tag (the origin's, else one computed
 * from the body), and the body, gzip-compressed once when that pays.
 */
public final class EntryCapture {
  private EntryCapture() {}

  public static CachedResponse capture(BufferingResponseWrapper response, ResponseFacts facts, CacheSettings settings,
      Duration ttl, Instant now) {
    return capture(response, facts, settings, ttl, now, false);
  }

  /**
   * @param ttl the entry's freshness lifetime, counted from {@code born}
   * @param born when the response was generated: its receipt, minus its age on arrival in {@code freshness=origin}
   * @param fromOrigin {@code freshness=origin}: the origin's {@code Date} and {@code ETag} lines are stored as sent
   *     ({@code freshness=origin}: a cache must not change {@code Date}, RFC 9110 §6.6.1, and only
   *     the origin's own validators may be sent back to it, §4.3.1); else the container dates each
   *     response and the entity tag is kept only apart
   */
  public static CachedResponse capture(BufferingResponseWrapper response, ResponseFacts facts, CacheSettings settings,
      Duration ttl, Instant born, boolean fromOrigin) {
    Instant now = born;
    Set<String> connectionOptions = StoredHeaders.connectionOptions(facts.header("connection"));
    List<StoredHeader> headers = new ArrayList<>();
    for (String name : response.getHeaderNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if ((StoredHeaders.isStored(name) || fromOrigin && lower.equals("date")) && !connectionOptions.contains(lower)
          && !lower.equals("content-type") && (fromOrigin || !lower.equals("etag"))) {
        response.getHeaders(name).forEach(value -> headers.add(new StoredHeader(name, value)));
      }
    }
    // Targeted fields the client must not see are kept as pseudo-header lines, never replayed.
    response.cacheOnlyFields().forEach((name, values) -> values.forEach(
        value -> headers.add(new StoredHeader(TargetedCacheControl.pseudoName(name), value))));
    String contentType = response.getContentType();
    if (contentType != null) {
      headers.add(new StoredHeader("Content-Type", contentType));
    }
    byte[] body = response.capturedBody();
    String etag = facts.header("etag").stream().findFirst().orElseGet(() -> Validators.strongEtag(body));
    if (settings.compression()
        && Compression.worthCompressing(contentType, facts.header("content-encoding"), body.length, settings.compressionMinSize())) {
      addVaryAcceptEncoding(headers);
      return new CachedResponse(facts.status(), headers, gzip(body), now, ttl, etag, BodyEncoding.GZIP_BY_CACHE, body.length);
    }
    return new CachedResponse(facts.status(), headers, body, now, ttl, etag, BodyEncoding.AS_SENT, body.length);
  }

  /** Both encodings are served from one entry, so downstream caches must key on Accept-Encoding. */
  static void addVaryAcceptEncoding(List<StoredHeader> headers) {
    for (int i = 0; i < headers.size(); i++) {
      StoredHeader header = headers.get(i);
      if (header.name().equalsIgnoreCase("Vary")) {
        if (!header.value().toLowerCase(Locale.ROOT).contains("accept-encoding")) {
          headers.set(i, new StoredHeader(header.name(), header.value() + ", Accept-Encoding"));
        }
        return;
      }
    }
    headers.add(new StoredHeader("Vary", "Accept-Encoding"));
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 3 + 64);
    try (GZIPOutputStream out = new GZIPOutputStream(compressed, 8192)) {
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException("Compressing in memory cannot fail", e);
    }
    return compressed.toByteArray();
  }
}
