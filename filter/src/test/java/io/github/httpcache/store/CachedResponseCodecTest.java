package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CachedResponseCodecTest {
  /** Offsets in the version-1 layout: magic (4), version (1), status (2), stored-at (8), header count (4). */
  private static final int VERSION_OFFSET = 4;
  private static final int HEADER_COUNT_OFFSET = 15;
  private static final int FIRST_NAME_LENGTH_OFFSET = 19;

  private static final CachedResponse ENTRY = new CachedResponse(
      200,
      List.of(
          new StoredHeader("Content-Type", "application/json"),
          new StoredHeader("ETag", "\"v1\""),
          new StoredHeader("x-custom", "ünïcödé"),
          new StoredHeader("Vary", "Accept"),
          new StoredHeader("Vary", "Accept-Language")),
      allByteValues(),
      Instant.ofEpochMilli(1_700_000_123_456L));

  private static byte[] allByteValues() {
    byte[] body = new byte[512];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    return body;
  }

  private static String corruption(byte[] data) {
    return assertThrows(CorruptEntryException.class, () -> CachedResponseCodec.decode(data)).getMessage();
  }

  @Test
  void entrySurvivesARoundTrip() {
    CachedResponse decoded = CachedResponseCodec.decode(CachedResponseCodec.encode(ENTRY));

    assertAll(
        () -> assertEquals(200, decoded.status()),
        () -> assertEquals(ENTRY.headers(), decoded.headers()),
        () -> assertArrayEquals(ENTRY.body(), decoded.body()),
        () -> assertEquals(ENTRY.storedAt(), decoded.storedAt()));
  }

  @Test
  void emptyBodyAndNoHeadersSurviveARoundTrip() {
    CachedResponse empty = new CachedResponse(200, List.of(), new byte[0], Instant.EPOCH);

    CachedResponse decoded = CachedResponseCodec.decode(CachedResponseCodec.encode(empty));

    assertAll(
        () -> assertEquals(List.of(), decoded.headers()),
        () -> assertArrayEquals(new byte[0], decoded.body()),
        () -> assertEquals(Instant.EPOCH, decoded.storedAt()));
  }

  @ParameterizedTest(name = "status {0}")
  @CsvSource({"200", "203", "404", "599"})
  void statusSurvivesARoundTrip(int status) {
    CachedResponse entry = new CachedResponse(status, List.of(), new byte[0], Instant.EPOCH);

    assertEquals(status, CachedResponseCodec.decode(CachedResponseCodec.encode(entry)).status());
  }

  @Test
  void wrongMagicIsCorrupt() {
    byte[] data = CachedResponseCodec.encode(ENTRY);
    data[0] ^= 0x01;

    assertEquals("not an http-cache entry", corruption(data));
  }

  @Test
  void foreignValueIsCorrupt() {
    assertEquals("not an http-cache entry", corruption("{\"user\": {\"id\": 1}}".getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "version {0}")
  @CsvSource({"0", "2", "-1"})
  void unknownFormatVersionIsCorrupt(byte version) {
    byte[] data = CachedResponseCodec.encode(ENTRY);
    data[VERSION_OFFSET] = version;

    assertEquals("entry format version " + version + ", expected 1", corruption(data));
  }

  @Test
  void emptyValueIsTruncated() {
    assertEquals("entry is truncated", corruption(new byte[0]));
  }

  @Test
  void valueCutInsideTheFixedHeaderIsTruncated() {
    assertEquals("entry is truncated", corruption(Arrays.copyOf(CachedResponseCodec.encode(ENTRY), 10)));
  }

  @Test
  void valueCutInsideTheBodyIsCorrupt() {
    byte[] data = CachedResponseCodec.encode(ENTRY);

    assertEquals("length 512 exceeds the entry", corruption(Arrays.copyOf(data, data.length - 1)));
  }

  @Test
  void everyProperPrefixOfAnEntryIsCorrupt() {
    byte[] data = CachedResponseCodec.encode(ENTRY);

    for (int length = 0; length < data.length; length++) {
      byte[] prefix = Arrays.copyOf(data, length);
      assertThrows(CorruptEntryException.class, () -> CachedResponseCodec.decode(prefix), "prefix of " + length);
    }
  }

  @Test
  void trailingBytesAfterTheBodyAreCorrupt() {
    byte[] data = CachedResponseCodec.encode(ENTRY);

    assertEquals("trailing bytes after the body", corruption(Arrays.copyOf(data, data.length + 1)));
  }

  @ParameterizedTest(name = "{0} at offset {1}")
  @CsvSource({
    "header count,       " + HEADER_COUNT_OFFSET + ", -1",
    "header count,       " + HEADER_COUNT_OFFSET + ", " + Integer.MIN_VALUE,
    "header name length, " + FIRST_NAME_LENGTH_OFFSET + ", -1",
  })
  void negativeLengthIsCorrupt(String field, int offset, int length) {
    byte[] data = CachedResponseCodec.encode(ENTRY);
    ByteBuffer.wrap(data).putInt(offset, length);

    assertEquals("length " + length + " exceeds the entry", corruption(data));
  }

  @Test
  void negativeBodyLengthIsCorrupt() {
    CachedResponse entry = new CachedResponse(200, List.of(), new byte[] {1, 2, 3}, Instant.EPOCH);
    byte[] data = CachedResponseCodec.encode(entry);
    ByteBuffer.wrap(data).putInt(data.length - 3 - Integer.BYTES, -3);

    assertEquals("length -3 exceeds the entry", corruption(data));
  }

  @Test
  void headerCountBeyondTheEntryIsCorruptWithoutAllocatingIt() {
    byte[] data = CachedResponseCodec.encode(ENTRY);
    ByteBuffer.wrap(data).putInt(HEADER_COUNT_OFFSET, Integer.MAX_VALUE);

    assertEquals("length " + Integer.MAX_VALUE + " exceeds the entry", corruption(data));
  }
}
