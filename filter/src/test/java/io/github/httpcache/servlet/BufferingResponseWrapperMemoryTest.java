package io.github.httpcache.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.policy.ResponseFacts.BodyCapture;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The response wrapper charges its capture to the fill memory budget and always gives it back. */
class BufferingResponseWrapperMemoryTest {
  private static final int LIMIT = 1024 * 1024;

  /** A response that keeps what reaches the "client", on top of {@link DetachedResponse}. */
  private static final class Client extends HttpServletResponseWrapper {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final ServletOutputStream out = new ServletOutputStream() {
      @Override
      public void write(int b) {
        received.write(b);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        received.write(bytes, offset, length);
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {}
    };

    Client() {
      super(new DetachedResponse());
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return out;
    }
  }

  private final FillMemory memory = new FillMemory(64 * 1024);
  private final Client client = new Client();
  private final AtomicReference<Boolean> overMemoryAtCommit = new AtomicReference<>();
  private final BufferingResponseWrapper wrapper = new BufferingResponseWrapper(client, LIMIT,
      w -> overMemoryAtCommit.set(w.isOverMemory()), "", memory);

  private static byte[] body(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private void writeInPieces(byte[] body) throws IOException {
    ServletOutputStream out = wrapper.getOutputStream();
    for (int at = 0; at < body.length; at += 1000) {
      out.write(body, at, Math.min(1000, body.length - at));
    }
  }

  @Test
  void aCompleteCaptureHoldsMemoryUntilFinished() throws IOException {
    byte[] body = body(20_000);
    writeInPieces(body);
    assertTrue(memory.reserved() >= body.length);
    assertEquals(BodyCapture.COMPLETE, wrapper.facts().body());
    assertArrayEquals(body, wrapper.capturedBody());

    wrapper.finish();

    assertEquals(0, memory.reserved());
    assertArrayEquals(body, client.received.toByteArray());
  }

  @Test
  void pastTheBudgetTheBodyStreamsThroughWholeAndIsNotCaptured() throws IOException {
    memory.tryReserve(40 * 1024);
    byte[] body = body(100_000);
    writeInPieces(body);

    assertTrue(wrapper.isOverMemory());
    assertFalse(wrapper.isOverLimit());
    assertEquals(Boolean.TRUE, overMemoryAtCommit.get(), "Cache-Status is decided as the response commits");
    assertEquals(BodyCapture.OVER_MEMORY, wrapper.facts().body());
    assertEquals(40 * 1024, memory.reserved(), "the refused capture gave back what it had");
    wrapper.finish();
    assertArrayEquals(body, client.received.toByteArray());
  }

  @Test
  void overTheSizeLimitIsNotAMemoryRefusalAndReleases() throws IOException {
    BufferingResponseWrapper small = new BufferingResponseWrapper(client, 10_000, w -> {}, "", memory);
    small.getOutputStream().write(body(5_000));
    small.getOutputStream().write(body(6_000));

    assertTrue(small.isOverLimit());
    assertFalse(small.isOverMemory());
    assertEquals(BodyCapture.OVER_LIMIT, small.facts().body());
    assertEquals(0, memory.reserved());
  }

  @Test
  void everyOtherEndReleasesTheCapture() throws IOException {
    assertReleasedBy(w -> w.sendError(500));
    assertReleasedBy(BufferingResponseWrapper::finishNotModified);
    assertReleasedBy(BufferingResponseWrapper::discardForReplacement);
    assertReleasedBy(w -> w.sendRedirect("/elsewhere"));
    assertReleasedBy(BufferingResponseWrapper::reset);
    assertReleasedBy(BufferingResponseWrapper::resetBuffer);
    assertReleasedBy(BufferingResponseWrapper::releaseCapture);
    assertReleasedBy(w -> w.getOutputStream().setWriteListener(new NoListener()));
  }

  private interface End {
    void apply(BufferingResponseWrapper wrapper) throws IOException;
  }

  private void assertReleasedBy(End end) throws IOException {
    BufferingResponseWrapper fill = new BufferingResponseWrapper(new Client(), LIMIT, w -> {}, "", memory);
    fill.getOutputStream().write(body(10_000));
    assertTrue(memory.reserved() > 0);

    end.apply(fill);

    assertEquals(0, memory.reserved());
  }

  @Test
  void aReleasedFillIsNeverStored() throws IOException {
    wrapper.getOutputStream().write(body(3_000));

    wrapper.releaseCapture();
    wrapper.releaseCapture();

    assertEquals(BodyCapture.ABANDONED, wrapper.facts().body());
    assertEquals(0, memory.reserved());
  }

  @Test
  void aWriterIsChargedAndReleasedLikeAStream() throws IOException {
    wrapper.setCharacterEncoding("UTF-8");
    wrapper.getWriter().write("x".repeat(30_000));
    assertEquals(BodyCapture.COMPLETE, wrapper.facts().body());
    assertTrue(memory.reserved() >= 30_000);

    wrapper.finish();

    assertEquals(0, memory.reserved());
    assertEquals(30_000, client.received.size());
  }

  @Test
  void memoryAFinishedFillGaveBackServesTheNext() throws IOException {
    BufferingResponseWrapper first = new BufferingResponseWrapper(new Client(), LIMIT, w -> {}, "", memory);
    first.getOutputStream().write(body(60_000));
    wrapper.getOutputStream().write(body(60_000));
    assertTrue(wrapper.isOverMemory());

    first.finish();
    BufferingResponseWrapper third = new BufferingResponseWrapper(new Client(), LIMIT, w -> {}, "", memory);
    third.getOutputStream().write(body(60_000));

    assertEquals(BodyCapture.COMPLETE, third.facts().body());
  }

  private static final class NoListener implements WriteListener {
    @Override
    public void onWritePossible() {}

    @Override
    public void onError(Throwable t) {}
  }
}
