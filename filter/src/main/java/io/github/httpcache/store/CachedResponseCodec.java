package io.github.httpcache.store;

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
  /** Magic number, version, kind and generation. */
  private static final int PREFIX_LENGTH = 4 + 1 + 1 + 8;

  private CachedResponseCodec() {}

  /** As written by a fill whose lookup found the key empty. */
  static byte[] encode(StoredValue value) {
    return encode(value, Versioned.NONE);
  }

  /** The value's bytes in one array of exactly their length: the body is copied once, into it. */
  static byte[] encode(StoredValue value, long generation) {
    if (value instanceof CachedResponse response) {
      return encodeResponse(response, generation);
    }
    if (value instanceof VariantIndex index) {
      byte[][] names = index.headerNames().stream().map(CachedResponseCodec::utf8).toArray(byte[][]::new);
      ByteBuffer out = start(PREFIX_LENGTH + 8 + 4 + stringsLength(names), KIND_VARIANTS, generation);
      out.putLong(index.epoch());
      out.putInt(names.length);
      for (byte[] name : names) {
        putString(out, name);
      }
      return out.array();
    }
    return start(PREFIX_LENGTH, KIND_TOMBSTONE, generation).array();
  }

  private static byte[] encodeResponse(CachedResponse response, long generation) {
    byte[] etag = utf8(response.etag());
    List<StoredHeader> headers = response.headers();
    byte[][] headerText = new byte[headers.size() * 2][];
    for (int i = 0; i < headers.size(); i++) {
      headerText[2 * i] = utf8(headers.get(i).name());
      headerText[2 * i + 1] = utf8(headers.get(i).value());
    }
    // status, stored-at, TTL, ETag, encoding, identity length, header count, headers, body length, body
    int length = PREFIX_LENGTH + 2 + 8 + 8 + 4 + etag.length + 1 + 4 + 4 + stringsLength(headerText) + 4
        + response.bodyLength();
    ByteBuffer out = start(length, KIND_RESPONSE, generation);
    out.putShort((short) response.status());
    out.putLong(response.storedAt().toEpochMilli());
    out.putLong(response.ttl().toMillis());
    putString(out, etag);
    out.put((byte) response.encoding().ordinal());
    out.putInt(response.identityLength());
    out.putInt(headers.size());
    for (byte[] text : headerText) {
      putString(out, text);
    }
    out.putInt(response.bodyLength());
    response.copyBodyTo(out);
    return out.array();
  }

  /** A buffer of exactly {@code length} bytes, its magic number, version, kind and generation written. */
  private static ByteBuffer start(int length, byte kind, long generation) {
    return ByteBuffer.allocate(length).putInt(MAGIC).put(VERSION).put(kind).putLong(generation);
  }

  private static int stringsLength(byte[][] strings) {
    int length = 0;
    for (byte[] string : strings) {
      length += 4 + string.length;
    }
    return length;
  }

  private static void putString(ByteBuffer out, byte[] utf8) {
    out.putInt(utf8.length);
    out.put(utf8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The 8 bytes a generation occupies, as the Lua scripts compare them. */
  static byte[] generationBytes(long generation) {
    return ByteBuffer.allocate(8).putLong(generation).array();
  }

  /** Decodes {@code data}; a response keeps its body where it lies in {@code data}, not copied. */
  static Versioned decode(byte[] data) {
    try {
      ByteBuffer in = ByteBuffer.wrap(data);
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
        case KIND_RESPONSE -> readResponse(in);
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

  private static CachedResponse readResponse(ByteBuffer in) {
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
        CachedResponse.BodyEncoding.values()[encoding], identityLength);
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
