package io.github.httpcache.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BoundedBodyReaderTest {

  private static final int LIMIT = 16;

  private final BoundedBodyReader reader = new BoundedBodyReader(LIMIT);

  @Test
  void bodyOfExactlyTheLimitIsRead() throws IOException {
    byte[] body = new byte[LIMIT];

    assertArrayEquals(body, reader.read(new ByteArrayInputStream(body), LIMIT));
  }

  @Test
  void bodyWithUnknownLengthIsReadWhenWithinTheLimit() throws IOException {
    byte[] body = {'{', '}'};

    assertArrayEquals(body, reader.read(new ByteArrayInputStream(body), -1));
  }

  @Test
  void bodyPastTheLimitIsRejectedWith413() {
    ClientErrorException error = assertThrows(ClientErrorException.class,
        () -> reader.read(new ByteArrayInputStream(new byte[LIMIT + 1]), -1));

    assertEquals(413, error.status());
    assertEquals("Request body is larger than 16 bytes", error.getMessage());
  }

  @Test
  void declaredLengthPastTheLimitIsRejectedWithoutReadingTheBody() {
    InputStream unreadable = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("the body must not be read");
      }
    };

    ClientErrorException error = assertThrows(ClientErrorException.class,
        () -> reader.read(unreadable, 1L << 40));

    assertEquals(413, error.status());
  }

  @Test
  void nonPositiveLimitIsRejected() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> new BoundedBodyReader(0));

    assertEquals("limitBytes = 0: expected a positive size", error.getMessage());
  }
}
