package io.github.httpcache.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that knows how an entry looks in Redis: a magic number and format version, then
 * status, stored-at millis, length-prefixed UTF-8 headers and the body. Anything else is rejected
 * as corrupt, so a format change or foreign value is a miss, never a 500.
 */
final class CachedResponseCodec {
  static final int MAGIC = 0x48435245; // "HCRE"
  static final byte VERSION = 1;

  private CachedResponseCodec() {}

  static byte[] encode(CachedResponse response) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(response.body().length + 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      out.writeShort(response.status());
      out.writeLong(response.storedAt().toEpochMilli());
      out.writeInt(response.headers().size());
      for (StoredHeader header : response.headers()) {
        writeString(out, header.name());
        writeString(out, header.value());
      }
      out.writeInt(response.body().length);
      out.write(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  static CachedResponse decode(byte[] data) {
    try {
      ByteBuffer in = ByteBuffer.wrap(data);
      if (in.getInt() != MAGIC) {
        throw new CorruptEntryException("not an http-cache entry");
      }
      byte version = in.get();
      if (version != VERSION) {
        throw new CorruptEntryException("entry format version " + version + ", expected " + VERSION);
      }
      int status = in.getShort();
      Instant storedAt = Instant.ofEpochMilli(in.getLong());
      int headerCount = length(in);
      List<StoredHeader> headers = new ArrayList<>(headerCount);
      for (int i = 0; i < headerCount; i++) {
        headers.add(new StoredHeader(readString(in), readString(in)));
      }
      byte[] body = new byte[length(in)];
      in.get(body);
      if (in.hasRemaining()) {
        throw new CorruptEntryException("trailing bytes after the body");
      }
      return new CachedResponse(status, headers, body, storedAt);
    } catch (BufferUnderflowException e) {
      throw new CorruptEntryException("entry is truncated");
    }
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
