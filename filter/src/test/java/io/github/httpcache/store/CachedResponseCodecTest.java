package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.httpcache.store.CachedResponse.BodyEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CachedResponseCodecTest {
  /** The tag of {@link #ENTRY}: 8 bytes of UTF-8, so the offsets after it are constants. */
  private static final String ETAG = "\"etag-1\"";

  /**
   * Offsets in the version-3 layout: magic (4), version (1), kind (1), generation (8); a response
   * then has status (2), stored-at (8), TTL (8), ETag (length 4 + bytes), encoding (1), identity
   * length (4) and the header count (4); a variant index has its epoch (8) and the name count (4);
   * a tombstone has nothing more.
   */
  private static final int VERSION_OFFSET = 4;
  private static final int KIND_OFFSET = 5;
  private static final int GENERATION_OFFSET = 6;
  private static final int FIXED_HEADER_LENGTH = 14;
  private static final int ETAG_LENGTH_OFFSET = 32;
  private static final int ENCODING_OFFSET = ETAG_LENGTH_OFFSET + Integer.BYTES + 8;
  private static final int HEADER_COUNT_OFFSET = ENCODING_OFFSET + 1 + Integer.BYTES;
  private static final int FIRST_NAME_LENGTH_OFFSET = HEADER_COUNT_OFFSET + Integer.BYTES;
  private static final int NAME_COUNT_OFFSET = 22;
  private static final int FIRST_VARIED_NAME_LENGTH_OFFSET = NAME_COUNT_OFFSET + Integer.BYTES;

  private static final CachedResponse ENTRY = new CachedResponse(
      200,
      List.of(
          new StoredHeader("Content-Type", "application/json"),
          new StoredHeader("x-custom", "ünïcödé"),
          new StoredHeader("Vary", "Accept"),
          new StoredHeader("Vary", "Accept-Language")),
      allByteValues(),
      Instant.ofEpochMilli(1_700_000_123_456L),
      Duration.ofSeconds(120),
      ETAG,
      BodyEncoding.GZIP_BY_CACHE,
      4096);

  private static final VariantIndex INDEX = new VariantIndex(List.of("accept", "accept-language"), 0x1234_5678_9ABCL);

  private static byte[] allByteValues() {
    byte[] body = new byte[512];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    return body;
  }

  private static CachedResponse roundTrip(CachedResponse entry) {
    return assertInstanceOf(CachedResponse.class, CachedResponseCodec.decode(CachedResponseCodec.encode(entry)).value());
  }

  private static StoredValue valueOfKind(String kind) {
    return switch (kind) {
      case "response" -> ENTRY;
      case "variants" -> INDEX;
      default -> Tombstone.INSTANCE;
    };
  }

  private static String corruption(byte[] data) {
    return assertThrows(CorruptEntryException.class, () -> CachedResponseCodec.decode(data)).getMessage();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(BodyEncoding.class)
  void responseSurvivesARoundTripWithEveryField(BodyEncoding encoding) {
    CachedResponse entry = new CachedResponse(200, ENTRY.headers(), ENTRY.body(), ENTRY.storedAt(),
        Duration.ofMillis(90_500), "W/\"weak-é\"", encoding, 70_000);

    CachedResponse decoded = roundTrip(entry);

    assertAll(
        () -> assertEquals(200, decoded.status()),
        () -> assertEquals(entry.headers(), decoded.headers()),
        () -> assertArrayEquals(entry.body(), decoded.body()),
        () -> assertEquals(entry.storedAt(), decoded.storedAt()),
        () -> assertEquals(Duration.ofMillis(90_500), decoded.ttl()),
        () -> assertEquals("W/\"weak-é\"", decoded.etag()),
        () -> assertEquals(encoding, decoded.encoding()),
        () -> assertEquals(70_000, decoded.identityLength()));
  }

  @Test
  void aDetachedEntryHoldsOnlyItsBodyInAnArrayOfItsOwn() {
    CachedResponse large = new CachedResponse(200, List.of(new StoredHeader("Content-Type", "text/plain")),
        body(20_000), Instant.EPOCH);
    byte[] encoded = CachedResponseCodec.encode(large);
    CachedResponse read = (CachedResponse) CachedResponseCodec.decode(encoded).value();

    CachedResponse kept = read.detached();
    Arrays.fill(encoded, (byte) 0);

    assertAll(
        () -> assertEquals(encoded.length, read.retainedBytes(), "the read holds all the bytes Redis returned"),
        () -> assertEquals(20_000, kept.retainedBytes(), "the copy holds the body alone"),
        () -> assertArrayEquals(body(20_000), kept.body(), "the copy shares nothing with the read's bytes"),
        () -> assertEquals(large.headers(), kept.headers()),
        () -> assertSame(large, large.detached(), "an entry of its own array is kept as it is"));
  }

  private static byte[] body(int length) {
    byte[] body = new byte[length];
    for (int i = 0; i < length; i++) {
      body[i] = (byte) (i * 13 + 5);
    }
    return body;
  }

  @Test
  void responseWithDefaultsAndNoHeadersOrBodySurvivesARoundTrip() {
    CachedResponse decoded = roundTrip(new CachedResponse(200, List.of(), new byte[0], Instant.EPOCH));

    assertAll(
        () -> assertEquals(List.of(), decoded.headers()),
        () -> assertArrayEquals(new byte[0], decoded.body()),
        () -> assertEquals(Instant.EPOCH, decoded.storedAt()),
        () -> assertEquals(Duration.ZERO, decoded.ttl()),
        () -> assertEquals("", decoded.etag()),
        () -> assertEquals(BodyEncoding.AS_SENT, decoded.encoding()),
        () -> assertEquals(0, decoded.identityLength()));
  }

  @ParameterizedTest(name = "status {0}")
  @CsvSource({"200", "203", "404", "599"})
  void statusSurvivesARoundTrip(int status) {
    assertEquals(status, roundTrip(new CachedResponse(status, List.of(), new byte[0], Instant.EPOCH)).status());
  }

  @ParameterizedTest(name = "epoch {1} with [{0}]")
  @CsvSource(delimiter = '|', textBlock = """
      # header names, space-separated | epoch
      accept accept-language          | 0
      accept                          | -1
      x-tenant                        | 9223372036854775807
      x-tenant                        | -9223372036854775808
      """)
  void variantIndexSurvivesARoundTrip(String names, long epoch) {
    VariantIndex index = new VariantIndex(List.of(names.split(" ")), epoch);

    assertEquals(index, CachedResponseCodec.decode(CachedResponseCodec.encode(index)).value());
  }

  @Test
  void variantIndexWithNoNamesSurvivesARoundTrip() {
    VariantIndex index = new VariantIndex(List.of(), 42);

    assertEquals(index, CachedResponseCodec.decode(CachedResponseCodec.encode(index)).value());
  }

  @Test
  void tombstoneSurvivesARoundTrip() {
    assertEquals(Tombstone.INSTANCE, CachedResponseCodec.decode(CachedResponseCodec.encode(Tombstone.INSTANCE)).value());
  }

  @ParameterizedTest(name = "{0} of generation {1}")
  @CsvSource({
    "response, 0", "response, 1", "response, -1", "response, 9223372036854775807", "response, -9223372036854775808",
    "variants, 0", "variants, 72623859790382856", "variants, -9223372036854775808",
    "tombstone, 0", "tombstone, 42", "tombstone, -2", "tombstone, 9223372036854775807",
  })
  void generationSurvivesARoundTripForEveryKind(String kind, long generation) {
    assertEquals(generation,
        CachedResponseCodec.decode(CachedResponseCodec.encode(valueOfKind(kind), generation)).generation());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"response", "variants", "tombstone"})
  void valueEncodedWithoutAGenerationHasGenerationNone(String kind) {
    assertEquals(Versioned.NONE,
        CachedResponseCodec.decode(CachedResponseCodec.encode(valueOfKind(kind))).generation());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"response", "variants", "tombstone"})
  void valueEncodedWithoutAGenerationIsTheValueUnderGenerationNone(String kind) {
    assertArrayEquals(CachedResponseCodec.encode(valueOfKind(kind), Versioned.NONE),
        CachedResponseCodec.encode(valueOfKind(kind)));
  }

  /**
   * The Lua scripts read {@code GETRANGE key 0 13}: bytes 0-4 must equal {@code HEADER}, byte 5 is
   * the kind and bytes 6-13 the generation, big-endian, as {@code generationBytes} spells it.
   */
  @ParameterizedTest(name = "{0} of generation {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # kind     | generation            | first 14 bytes
      response   | 0                     | 4843524503 01 0000000000000000
      response   | 72623859790382856     | 4843524503 01 0102030405060708
      variants   | -1                    | 4843524503 02 ffffffffffffffff
      tombstone  | -9223372036854775808  | 4843524503 03 8000000000000000
      tombstone  | 9223372036854775807   | 4843524503 03 7fffffffffffffff
      """)
  void kindAndGenerationSitAtTheOffsetsTheLuaScriptsRead(String kind, long generation, String head) {
    byte[] data = CachedResponseCodec.encode(valueOfKind(kind), generation);

    assertEquals(head.replace(" ", ""), HexFormat.of().formatHex(Arrays.copyOf(data, FIXED_HEADER_LENGTH)));
  }

  @Test
  void headerTheSaveScriptComparesIsMagicAndVersion() {
    assertEquals("4843524503", HexFormat.of().formatHex(CachedResponseCodec.HEADER));
  }

  @ParameterizedTest(name = "generation {0}")
  @CsvSource({"0", "72623859790382856", "-1", "-9223372036854775808"})
  void generationBytesAreTheBytesEncodeWritesAtTheGenerationOffset(long generation) {
    byte[] data = CachedResponseCodec.encode(ENTRY, generation);

    assertArrayEquals(Arrays.copyOfRange(data, GENERATION_OFFSET, FIXED_HEADER_LENGTH),
        CachedResponseCodec.generationBytes(generation));
  }

  @Test
  void tombstoneIsOnlyTheFixedHeader() {
    assertEquals(FIXED_HEADER_LENGTH, CachedResponseCodec.encode(Tombstone.INSTANCE, 5).length);
  }

  @Test
  void trailingBytesAfterATombstoneAreCorrupt() {
    byte[] data = CachedResponseCodec.encode(Tombstone.INSTANCE, 5);

    assertEquals("trailing bytes after the entry", corruption(Arrays.copyOf(data, data.length + 1)));
  }

  @Test
  void everyProperPrefixOfATombstoneIsTruncated() {
    byte[] data = CachedResponseCodec.encode(Tombstone.INSTANCE, 5);

    for (int length = 0; length < data.length; length++) {
      assertEquals("entry is truncated", corruption(Arrays.copyOf(data, length)), "prefix of " + length);
    }
  }

  /** Version 2 values, written before generations existed, are misses after an upgrade and are overwritten. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"response", "variants"})
  void version2ValueIsCorrupt(String kind) {
    byte[] data = CachedResponseCodec.encode(valueOfKind(kind));
    data[VERSION_OFFSET] = 2;

    assertEquals("entry format version 2, expected 3", corruption(data));
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

  /** Versions 1 and 2, written before the kind byte and the generation existed, must be misses after an upgrade. */
  @ParameterizedTest(name = "version {0}")
  @CsvSource({"0", "1", "4", "-1"})
  void unknownFormatVersionIsCorrupt(byte version) {
    byte[] data = CachedResponseCodec.encode(ENTRY);
    data[VERSION_OFFSET] = version;

    assertEquals("entry format version " + version + ", expected 3", corruption(data));
  }

  @ParameterizedTest(name = "kind {0}")
  @CsvSource({"0", "4", "127", "-1"})
  void unknownKindIsCorrupt(byte kind) {
    byte[] data = CachedResponseCodec.encode(ENTRY);
    data[KIND_OFFSET] = kind;

    assertEquals("unknown entry kind " + kind, corruption(data));
  }

  @ParameterizedTest(name = "encoding {0}")
  @CsvSource({"2", "127", "-1", "-128"})
  void outOfRangeBodyEncodingIsCorrupt(byte encoding) {
    byte[] data = CachedResponseCodec.encode(ENTRY);
    data[ENCODING_OFFSET] = encoding;

    assertEquals("unknown body encoding " + encoding, corruption(data));
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
  void everyProperPrefixOfAResponseIsCorrupt() {
    byte[] data = CachedResponseCodec.encode(ENTRY);

    for (int length = 0; length < data.length; length++) {
      byte[] prefix = Arrays.copyOf(data, length);
      assertThrows(CorruptEntryException.class, () -> CachedResponseCodec.decode(prefix), "prefix of " + length);
    }
  }

  @Test
  void everyProperPrefixOfAVariantIndexIsCorrupt() {
    byte[] data = CachedResponseCodec.encode(INDEX);

    for (int length = 0; length < data.length; length++) {
      byte[] prefix = Arrays.copyOf(data, length);
      assertThrows(CorruptEntryException.class, () -> CachedResponseCodec.decode(prefix), "prefix of " + length);
    }
  }

  @Test
  void trailingBytesAfterAResponseAreCorrupt() {
    byte[] data = CachedResponseCodec.encode(ENTRY);

    assertEquals("trailing bytes after the entry", corruption(Arrays.copyOf(data, data.length + 1)));
  }

  @Test
  void trailingBytesAfterAVariantIndexAreCorrupt() {
    byte[] data = CachedResponseCodec.encode(INDEX);

    assertEquals("trailing bytes after the entry", corruption(Arrays.copyOf(data, data.length + 1)));
  }

  @ParameterizedTest(name = "{0} at offset {1}")
  @CsvSource({
    "ETag length,        " + ETAG_LENGTH_OFFSET + ", -1",
    "header count,       " + HEADER_COUNT_OFFSET + ", -1",
    "header count,       " + HEADER_COUNT_OFFSET + ", " + Integer.MIN_VALUE,
    "header name length, " + FIRST_NAME_LENGTH_OFFSET + ", -1",
  })
  void negativeLengthInAResponseIsCorrupt(String field, int offset, int length) {
    byte[] data = CachedResponseCodec.encode(ENTRY);
    ByteBuffer.wrap(data).putInt(offset, length);

    assertEquals("length " + length + " exceeds the entry", corruption(data));
  }

  @ParameterizedTest(name = "{0} at offset {1}")
  @CsvSource({
    "name count,  " + NAME_COUNT_OFFSET + ", -1",
    "name count,  " + NAME_COUNT_OFFSET + ", " + Integer.MIN_VALUE,
    "name length, " + FIRST_VARIED_NAME_LENGTH_OFFSET + ", -1",
  })
  void negativeLengthInAVariantIndexIsCorrupt(String field, int offset, int length) {
    byte[] data = CachedResponseCodec.encode(INDEX);
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

  @Test
  void variedNameCountBeyondTheEntryIsCorruptWithoutAllocatingIt() {
    byte[] data = CachedResponseCodec.encode(INDEX);
    ByteBuffer.wrap(data).putInt(NAME_COUNT_OFFSET, Integer.MAX_VALUE);

    assertEquals("length " + Integer.MAX_VALUE + " exceeds the entry", corruption(data));
  }

  /** Guards the corruption tests above: each offset they overwrite holds the field it is named after. */
  @Test
  void layoutOffsetsPointAtTheFieldsTheyName() {
    ByteBuffer response = ByteBuffer.wrap(CachedResponseCodec.encode(ENTRY));
    ByteBuffer index = ByteBuffer.wrap(CachedResponseCodec.encode(INDEX));

    assertAll(
        () -> assertEquals(3, response.get(VERSION_OFFSET)),
        () -> assertEquals(1, response.get(KIND_OFFSET)),
        () -> assertEquals(2, index.get(KIND_OFFSET)),
        () -> assertEquals(0, response.getLong(GENERATION_OFFSET)),
        () -> assertEquals(ETAG.getBytes(StandardCharsets.UTF_8).length, response.getInt(ETAG_LENGTH_OFFSET)),
        () -> assertEquals(BodyEncoding.GZIP_BY_CACHE.ordinal(), response.get(ENCODING_OFFSET)),
        () -> assertEquals(ENTRY.headers().size(), response.getInt(HEADER_COUNT_OFFSET)),
        () -> assertEquals("Content-Type".length(), response.getInt(FIRST_NAME_LENGTH_OFFSET)),
        () -> assertEquals(INDEX.headerNames().size(), index.getInt(NAME_COUNT_OFFSET)),
        () -> assertEquals("accept".length(), index.getInt(FIRST_VARIED_NAME_LENGTH_OFFSET)));
  }
}
