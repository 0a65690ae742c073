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
 * The one place that knows how a value looks in Redis: a magic number, the format version and a
 * kind byte, then a response (status, stored-at, TTL, ETag, encoding, headers, body) or a variant
 * index. Anything else, including another format version, is rejected as corrupt, so a format
 * change or a foreign value is a miss and is overwritten, never a 500.
 */
final class CachedResponseCodec {
  static final int MAGIC = 0x48435245; // "HCRE"
  static final byte VERSION = 2;
  private static final byte KIND_RESPONSE = 1;
  private static final byte KIND_VARIANTS = 2;

  private CachedResponseCodec() {}

  static byte[] encode(StoredValue value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(
        value instanceof CachedResponse response ? response.body().length + 256 : 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      if (value instanceof CachedResponse response) {
        out.writeByte(KIND_RESPONSE);
        writeResponse(out, response);
      } else if (value instanceof VariantIndex index) {
        out.writeByte(KIND_VARIANTS);
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
    out.writeInt(response.body().length);
    out.write(response.body());
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  static StoredValue decode(byte[] data) {
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
      StoredValue value = switch (kind) {
        case KIND_RESPONSE -> readResponse(in);
        case KIND_VARIANTS -> readVariants(in);
        default -> throw new CorruptEntryException("unknown entry kind " + kind);
      };
      if (in.hasRemaining()) {
        throw new CorruptEntryException("trailing bytes after the entry");
      }
      return value;
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
    byte[] body = new byte[length(in)];
    in.get(body);
    return new CachedResponse(status, headers, body, storedAt, ttl, etag,
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
