package io.github.httpcache.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that knows how a value looks in Redis: a magic number, the format version, a
 * kind byte and the 8-byte generation (at fixed offsets, so Lua scripts can read them with
 * GETRANGE), then a response (status, stored-at, TTL, ETag, encoding, headers, body), a variant
 * index, or nothing for a tombstone. Anything else, including another format version, is
 * rejected as corrupt, so a format change or a foreign value is a miss and is overwritten.
 */
final class CachedResponseCodec {
  static final int MAGIC = 0x48435245; // "HCRE"
  static final byte VERSION = 3;
  /** Bytes 0-4: magic and version; byte 5: kind; bytes 6-13: generation. */
  static final byte[] HEADER = {0x48, 0x43, 0x52, 0x45, VERSION};

  static final byte KIND_RESPONSE = 1;
  static final byte KIND_VARIANTS = 2;
  static final byte KIND_TOMBSTONE = 3;

  private CachedResponseCodec() {}

  /** As written by a fill whose lookup found the key empty. */
  static byte[] encode(StoredValue value) {
    return encode(value, Versioned.NONE);
  }

  static byte[] encode(StoredValue value, long generation) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(
        value instanceof CachedResponse response ? response.bodyLength() + 256 : 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      out.writeByte(value instanceof CachedResponse ? KIND_RESPONSE
          : value instanceof VariantIndex ? KIND_VARIANTS : KIND_TOMBSTONE);
      out.writeLong(generation);
      if (value instanceof CachedResponse response) {
        writeResponse(out, response);
      } else if (value instanceof VariantIndex index) {
        out.writeLong(index.epoch());
        out.writeInt(index.headerNames().size());
        for (String name : index.headerNames()) {
          writeString(out, name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static void writeResponse(DataOutputStream out, CachedResponse response) throws IOException {
    out.writeShort(response.status());
    out.writeLong(response.storedAt().toEpochMilli());
    out.writeLong(response.ttl().toMillis());
    writeString(out, response.etag());
    out.writeByte(response.encoding().ordinal());
    out.writeInt(response.identityLength());
    out.writeInt(response.headers().size());
    for (StoredHeader header : response.headers()) {
      writeString(out, header.name());
      writeString(out, header.value());
    }
    out.writeInt(response.bodyLength());
    response.writeBody(out);
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  /** The 8 bytes a generation occupies, as the Lua scripts compare them. */
  static byte[] generationBytes(long generation) {
    return java.nio.ByteBuffer.allocate(8).putLong(generation).array();
  }

  static Versioned decode(byte[] data) {
    return decode(data, data.length, false);
  }

  /**
   * Decodes the first {@code length} bytes of {@code data}; a response keeps its body in {@code
   * data}, and when {@code recyclable} (a {@link BodyBuffers} array owned by this read alone) may
   * hand it back once served ({@link CachedResponse#release()}).
   */
  static Versioned decode(byte[] data, int length, boolean recyclable) {
    try {
      ByteBuffer in = ByteBuffer.wrap(data, 0, length);
      if (in.getInt() != MAGIC) {
        throw new CorruptEntryException("not an http-cache entry");
      }
      byte version = in.get();
      if (version != VERSION) {
        throw new CorruptEntryException("entry format version " + version + ", expected " + VERSION);
      }
      byte kind = in.get();
      long generation = in.getLong();
      StoredValue value = switch (kind) {
        case KIND_RESPONSE -> readResponse(in, recyclable);
        case KIND_VARIANTS -> readVariants(in);
        case KIND_TOMBSTONE -> Tombstone.INSTANCE;
        default -> throw new CorruptEntryException("unknown entry kind " + kind);
      };
      if (in.hasRemaining()) {
        throw new CorruptEntryException("trailing bytes after the entry");
      }
      return new Versioned(generation, value);
    } catch (BufferUnderflowException e) {
      throw new CorruptEntryException("entry is truncated");
    }
  }

  private static CachedResponse readResponse(ByteBuffer in, boolean recyclable) {
    int status = in.getShort();
    Instant storedAt = Instant.ofEpochMilli(in.getLong());
    Duration ttl = Duration.ofMillis(in.getLong());
    String etag = readString(in);
    int encoding = in.get();
    if (encoding < 0 || encoding >= CachedResponse.BodyEncoding.values().length) {
      throw new CorruptEntryException("unknown body encoding " + encoding);
    }
    int identityLength = in.getInt();
    int headerCount = length(in);
    List<StoredHeader> headers = new ArrayList<>(headerCount);
    for (int i = 0; i < headerCount; i++) {
      headers.add(new StoredHeader(readString(in), readString(in)));
    }
    int bodyLength = length(in);
    int bodyOffset = in.position();
    in.position(bodyOffset + bodyLength);
    // The body stays where it is in the bytes Redis returned: a hit copies it once, to the client.
    return new CachedResponse(status, headers, in.array(), bodyOffset, bodyLength, storedAt, ttl, etag,
        CachedResponse.BodyEncoding.values()[encoding], identityLength, recyclable);
  }

  private static VariantIndex readVariants(ByteBuffer in) {
    long epoch = in.getLong();
    int count = length(in);
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(readString(in));
    }
    return new VariantIndex(names, epoch);
  }

  private static int length(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new CorruptEntryException("length " + length + " exceeds the entry");
    }
    return length;
  }

  private static String readString(ByteBuffer in) {
    byte[] utf8 = new byte[length(in)];
    in.get(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
