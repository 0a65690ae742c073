package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A decoded entry serves its body from the stored bytes, and knows how to replay each header line. */
class CachedResponseBodyViewTest {
  private static final byte[] BODY = "the body of a response".getBytes(StandardCharsets.UTF_8);
  private static final CachedResponse ENTRY = new CachedResponse(200, List.of(
      new StoredHeader("Content-Type", "text/plain"),
      new StoredHeader("Link", "</a>; rel=preload"),
      new StoredHeader("link", "</b>; rel=preload"),
      new StoredHeader("X-One", "1")),
      BODY, Instant.EPOCH, Duration.ofSeconds(60), "\"t\"", CachedResponse.BodyEncoding.AS_SENT, BODY.length);

  @Test
  void decodedBodyIsWrittenFromTheStoredBytesUnchanged() throws Exception {
    CachedResponse decoded = (CachedResponse) CachedResponseCodec.decode(CachedResponseCodec.encode(ENTRY)).value();
    ByteArrayOutputStream written = new ByteArrayOutputStream();

    decoded.writeBody(written);

    assertEquals(BODY.length, decoded.bodyLength());
    assertArrayEquals(BODY, written.toByteArray());
    assertArrayEquals(BODY, decoded.bodyStream().readAllBytes());
    assertArrayEquals(BODY, decoded.body());
  }

  @Test
  void headerLinesKnowWhetherTheyAreContentTypeFirstOrRepeated() {
    assertEquals(CachedResponse.LineKind.CONTENT_TYPE, ENTRY.lineKind(0));
    assertEquals(CachedResponse.LineKind.FIRST, ENTRY.lineKind(1));
    assertEquals(CachedResponse.LineKind.REPEAT, ENTRY.lineKind(2));
    assertEquals(CachedResponse.LineKind.FIRST, ENTRY.lineKind(3));
  }
}
