package io.github.httpcache.store;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A stored response: status, the headers worth replaying, the body and when it was stored, for
 * how long, its entity tag ({@code etag}: the identity representation's validator, quoted), and
 * whether the cache gzip-compressed the body itself ({@code identityLength}: the length before).
 *
 * <p>A decoded entry keeps its body where Redis's bytes hold it (an offset and a length into
 * them), so a hit copies the body once, from those bytes to the client.
 */
public final class CachedResponse implements StoredValue {
  private final int status;
  private final List<StoredHeader> headers;
  private final byte[] data;
  private final int bodyOffset;
  private final int bodyLength;
  private final Instant storedAt;
  private final Duration ttl;
  private final String etag;
  private final BodyEncoding encoding;
  private final int identityLength;
  /** Per header line, computed once when the entry is built so a hit does no string work: see {@link #lineKind}. */
  private final byte[] lineKinds;

  /** How a stored header line is replayed. */
  public enum LineKind {
    /** {@code Content-Type}: set through setContentType. */
    CONTENT_TYPE,
    /** The first line of its name: set, replacing anything the container preset (such as Server). */
    FIRST,
    /** A further line of a name already replayed: added. */
    REPEAT,
    /** A pseudo-header ({@code :origin}): what the entry was filled for, never sent. */
    HIDDEN;

    /** {@link #values()} copies its array on every call; a hit asks once per header line. */
    private static final LineKind[] ALL = values();
  }

  /** How the stored body is encoded. */
  public enum BodyEncoding {
    /** As the origin sent it (possibly encoded by the origin itself, see its Content-Encoding). */
    AS_SENT,
    /** Gzip-compressed by the cache; identity is recovered by decompressing. */
    GZIP_BY_CACHE
  }

  public CachedResponse(int status, List<StoredHeader> headers, byte[] body, Instant storedAt, Duration ttl,
      String etag, BodyEncoding encoding, int identityLength) {
    this(status, headers, body, 0, body.length, storedAt, ttl, etag, encoding, identityLength);
  }

  /** An entry whose body is {@code bodyLength} bytes of {@code data} from {@code bodyOffset}, not copied. */
  CachedResponse(int status, List<StoredHeader> headers, byte[] data, int bodyOffset, int bodyLength, Instant storedAt,
      Duration ttl, String etag, BodyEncoding encoding, int identityLength) {
    this.status = status;
    this.headers = List.copyOf(headers);
    this.data = data;
    this.bodyOffset = bodyOffset;
    this.bodyLength = bodyLength;
    this.storedAt = storedAt;
    this.ttl = ttl;
    this.etag = etag;
    this.encoding = encoding;
    this.identityLength = identityLength;
    this.lineKinds = lineKinds(this.headers);
  }

  private static byte[] lineKinds(List<StoredHeader> headers) {
    byte[] kinds = new byte[headers.size()];
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < kinds.length; i++) {
      String name = headers.get(i).name().toLowerCase(java.util.Locale.ROOT);
      kinds[i] = (byte) (name.equals("content-type") ? LineKind.CONTENT_TYPE.ordinal()
          : name.startsWith(":") ? LineKind.HIDDEN.ordinal()
          : seen.add(name) ? LineKind.FIRST.ordinal() : LineKind.REPEAT.ordinal());
    }
    return kinds;
  }

  /** How header line {@code index} is replayed. */
  public LineKind lineKind(int index) {
    return LineKind.ALL[lineKinds[index]];
  }

  public int status() {
    return status;
  }

  public List<StoredHeader> headers() {
    return headers;
  }

  /** The body as an array of its own (a copy when decoded from Redis; prefer {@link #writeBody}). */
  public byte[] body() {
    return bodyOffset == 0 && bodyLength == data.length ? data : Arrays.copyOfRange(data, bodyOffset, bodyOffset + bodyLength);
  }

  public int bodyLength() {
    return bodyLength;
  }

  /** The bytes this entry keeps reachable: the whole array its body lies in, not just the body. */
  int retainedBytes() {
    return data.length;
  }

  /**
   * This entry with a body array of its own and of its exact length, for keeping (the near cache):
   * this one when its array is already that, else a copy, so a kept entry holds only its body.
   */
  CachedResponse detached() {
    if (bodyOffset == 0 && bodyLength == data.length) {
      return this;
    }
    return new CachedResponse(status, headers, Arrays.copyOfRange(data, bodyOffset, bodyOffset + bodyLength), 0,
        bodyLength, storedAt, ttl, etag, encoding, identityLength);
  }

  /** Writes the body to {@code out} straight from the stored bytes. */
  public void writeBody(OutputStream out) throws IOException {
    out.write(data, bodyOffset, bodyLength);
  }

  /** Writes {@code count} bytes of the body from offset {@code first} (a byte range) to {@code out}. */
  public void writeBody(OutputStream out, long first, long count) throws IOException {
    if (first < 0 || count < 0 || first + count > bodyLength) {
      throw new IllegalArgumentException("bytes " + first + "+" + count + " of " + bodyLength);
    }
    out.write(data, bodyOffset + (int) first, (int) count);
  }

  /** Puts the body into {@code out} straight from the stored bytes (encoding it for Redis). */
  void copyBodyTo(java.nio.ByteBuffer out) {
    out.put(data, bodyOffset, bodyLength);
  }

  /** The body as a stream over the stored bytes (for decompressing), without copying it. */
  public java.io.InputStream bodyStream() {
    return new java.io.ByteArrayInputStream(data, bodyOffset, bodyLength);
  }

  public Instant storedAt() {
    return storedAt;
  }

  public Duration ttl() {
    return ttl;
  }

  public String etag() {
    return etag;
  }

  public BodyEncoding encoding() {
    return encoding;
  }

  public int identityLength() {
    return identityLength;
  }

  /** An entry as the origin sent it, with no validator and no TTL recorded. */
  public CachedResponse(int status, List<StoredHeader> headers, byte[] body, Instant storedAt) {
    this(status, headers, body, storedAt, Duration.ZERO, "", BodyEncoding.AS_SENT, body.length);
  }

  /**
   * The same body after a revalidation (RFC 9111 §4.3.4): the headers updated from the 304, a new
   * birth and freshness lifetime.
   */
  public CachedResponse revalidated(List<StoredHeader> updatedHeaders, String updatedEtag, Instant born,
      Duration lifetime) {
    return new CachedResponse(status, updatedHeaders, data, bodyOffset, bodyLength, born, lifetime, updatedEtag,
        encoding, identityLength);
  }

  /** The value of a pseudo-header line ({@code :origin}) this entry recorded, if any. */
  public java.util.Optional<String> recorded(String pseudoName) {
    for (int i = 0; i < headers.size(); i++) {
      if (lineKinds[i] == LineKind.HIDDEN.ordinal() && headers.get(i).name().equals(pseudoName)) {
        return java.util.Optional.of(headers.get(i).value());
      }
    }
    return java.util.Optional.empty();
  }

  /** This entry with {@code lines} added to its headers (the body shared, not copied). */
  public CachedResponse withLines(List<StoredHeader> lines) {
    List<StoredHeader> all = new java.util.ArrayList<>(headers);
    all.addAll(lines);
    return new CachedResponse(status, all, data, bodyOffset, bodyLength, storedAt, ttl, etag, encoding, identityLength);
  }

  /** Whole seconds since the entry was stored, never negative (the {@code Age} header, RFC 9111 §5.1). */
  public long ageSeconds(Instant now) {
    return Math.max(0, Duration.between(storedAt, now).getSeconds());
  }

  /** Whether the entry is still within its TTL at {@code now}. */
  public boolean isFreshAt(Instant now) {
    return now.isBefore(storedAt.plus(ttl));
  }

  /** How long past its TTL the entry is at {@code now} (zero while fresh). */
  public Duration staleFor(Instant now) {
    Duration past = Duration.between(storedAt.plus(ttl), now);
    return past.isNegative() ? Duration.ZERO : past;
  }

  /**
   * Whole seconds of freshness left (the RFC 9211 {@code ttl} parameter), from 0 to the TTL: a
   * clock behind the storing node's adds none, as the age is never negative (RFC 9111 §4.2.3).
   */
  public long remainingSeconds(Instant now) {
    Instant from = now.isBefore(storedAt) ? storedAt : now;
    return Math.max(0, Duration.between(from, storedAt.plus(ttl)).getSeconds());
  }

  @Override
  public String toString() {
    return "CachedResponse[" + status + ", " + headers.size() + " headers, " + bodyLength + " bytes, stored " + storedAt
        + ", ttl " + ttl + ", etag " + etag + ", " + encoding + "]";
  }
}
