package io.github.httpcache.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A captured body whose every allocated byte is charged to the fill memory budget. */
class CaptureBufferTest {
  private static byte[] pattern(int size, int seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void keepsEveryByteInOrderAcrossChunkBoundaries() throws Exception {
    FillMemory memory = new FillMemory(10 * 1024 * 1024);
    CaptureBuffer buffer = new CaptureBuffer(memory, 1024 * 1024);
    byte[] body = pattern(300_000, 1);
    Random sizes = new Random(2);
    for (int at = 0; at < body.length; ) {
      int n = Math.min(body.length - at, 1 + sizes.nextInt(20_000));
      assertTrue(buffer.write(body, at, n));
      at += n;
    }

    assertArrayEquals(body, buffer.toByteArray());
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    buffer.writeTo(sent);
    assertArrayEquals(body, sent.toByteArray());
    assertEquals(body.length, buffer.size());
  }

  @Test
  void theBudgetIsChargedExactlyWhatIsAllocatedAndNoMoreThanTheLimit() {
    FillMemory memory = new FillMemory(10 * 1024 * 1024);
    CaptureBuffer buffer = new CaptureBuffer(memory, 100_000);
    byte[] body = pattern(100_000, 3);
    for (int at = 0; at < body.length; at += 1000) {
      buffer.write(body, at, 1000);
      assertEquals(buffer.capacity(), memory.reserved());
      assertTrue(buffer.capacity() >= buffer.size());
    }
    assertTrue(buffer.capacity() <= 100_000, "capacity " + buffer.capacity());
  }

  @Test
  void smallBodiesCostOneSmallChunk() {
    FillMemory memory = new FillMemory(1 << 20);
    CaptureBuffer buffer = new CaptureBuffer(memory, 1 << 20);

    buffer.write(new byte[100], 0, 100);

    assertEquals(1024, memory.reserved());
  }

  @Test
  void aRefusedWriteKeepsNothingOfItAndEverythingBefore() {
    FillMemory memory = new FillMemory(4096);
    CaptureBuffer buffer = new CaptureBuffer(memory, 1 << 20);
    byte[] body = pattern(5000, 4);

    assertTrue(buffer.write(body, 0, 3000));
    assertFalse(buffer.write(body, 3000, 2000));

    assertArrayEquals(Arrays.copyOf(body, 3000), buffer.toByteArray());
  }

  @Test
  void releaseReturnsEverythingAndTheBufferCanBeWrittenAgain() {
    FillMemory memory = new FillMemory(1 << 20);
    CaptureBuffer buffer = new CaptureBuffer(memory, 1 << 20);
    buffer.write(pattern(50_000, 5), 0, 50_000);

    buffer.release();
    assertEquals(0, memory.reserved());
    assertEquals(0, buffer.size());

    byte[] again = pattern(10, 6);
    buffer.write(again, 0, 10);
    assertArrayEquals(again, buffer.toByteArray());
    buffer.release();
    buffer.release();
    assertEquals(0, memory.reserved());
  }
}
