package io.github.httpcache.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The body channel behind {@link BufferingResponseWrapper}. It holds bytes back from the client
 * until the wrapper finishes or the servlet flushes; once streaming, it tees bytes to the client
 * while still capturing them. Past the size limit it drops the capture and only passes bytes
 * through, so memory stays bounded whatever the body size; so does it when the {@link FillMemory}
 * budget, shared by all fills in progress, cannot grow the capture.
 */
final class CappedOutputStream extends ServletOutputStream {
  private final BufferingResponseWrapper owner;
  private final int limit;
  private CaptureBuffer capture;
  private ServletOutputStream client;
  private boolean overLimit;
  private boolean overMemory;
  private boolean discarding;
  private boolean holdFlushes;

  CappedOutputStream(BufferingResponseWrapper owner, int limit, FillMemory memory) {
    this.owner = owner;
    this.limit = limit;
    this.capture = new CaptureBuffer(memory, limit);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (discarding || length == 0) {
      return;
    }
    if (capture != null && capture.size() + length > limit) {
      overLimit = true;
      stopCapturing();
    }
    if (capture != null && !capture.write(bytes, offset, length)) {
      // Other fills hold the budget: this one streams through rather than grow the heap.
      overMemory = true;
      stopCapturing();
    }
    if (client != null) {
      client.write(bytes, offset, length);
    }
  }

  /** A servlet's flush commits the response, as it would without the cache in front. */
  @Override
  public void flush() throws IOException {
    if (holdFlushes || discarding) {
      return;
    }
    startStreaming();
    client.flush();
  }

  /** Closing ends the servlet's writing; the wrapper, not the servlet, completes the response. */
  @Override
  public void close() {
    // Nothing to release: the container closes the real stream when the request completes.
  }

  @Override
  public boolean isReady() {
    return client == null || client.isReady();
  }

  /** Non-blocking output cannot be held back, so the response streams and is not stored. */
  @Override
  public void setWriteListener(WriteListener listener) {
    try {
      startStreaming();
    } catch (IOException e) {
      listener.onError(e);
      return;
    }
    endCapture();
    owner.abandonCapture();
    client.setWriteListener(listener);
  }

  /** Commits the response and sends what is held; later writes go straight through. */
  void startStreaming() throws IOException {
    if (client != null || discarding) {
      return;
    }
    owner.commit();
    client = owner.getResponse().getOutputStream();
    if (capture != null && capture.size() > 0) {
      capture.writeTo(client);
    }
  }

  /** Runs {@code action} (flushing the wrapper's writer) without it counting as a servlet flush. */
  void withFlushesHeld(Runnable action) {
    holdFlushes = true;
    try {
      action.run();
    } finally {
      holdFlushes = false;
    }
  }

  /** Sends what is held (the flags say why), then stops capturing; the reason is read as the response commits. */
  private void stopCapturing() throws IOException {
    try {
      startStreaming();
    } finally {
      endCapture();
    }
  }

  /** Drops the capture for good and returns its memory to the budget; safe to call again. */
  void endCapture() {
    if (capture != null) {
      capture.release();
      capture = null;
    }
  }

  /** Drops everything held and ignores later writes (after sendError or sendRedirect). */
  void discard() {
    discarding = true;
    endCapture();
  }

  /** Empties the capture (a servlet's reset), returning its memory until it is written again. */
  void resetCapture() {
    if (capture != null) {
      capture.release();
    }
  }

  boolean isStreaming() {
    return client != null;
  }

  boolean isOverLimit() {
    return overLimit;
  }

  /** Whether the capture was dropped because the fill memory budget could not grow it. */
  boolean isOverMemory() {
    return overMemory;
  }

  /** The captured body, or null when it was dropped (over the limit or the budget, discarded, non-blocking, ended). */
  byte[] capturedBytes() {
    return capture == null ? null : capture.toByteArray();
  }

  int capturedSize() {
    return capture == null ? 0 : capture.size();
  }
}
