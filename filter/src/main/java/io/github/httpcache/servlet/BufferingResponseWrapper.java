package io.github.httpcache.servlet;

import io.github.httpcache.policy.ResponseFacts;
import io.github.httpcache.policy.ResponseFacts.BodyCapture;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Holds a response's body back while the servlet writes it, so the filter can decide, store or
 * invalidate before anything reaches the client. Status and headers go to the real (uncommitted)
 * response as they are set; the body goes through {@link CappedOutputStream}.
 *
 * <p>{@code beforeCommit} runs exactly once, just before the first byte or the error page reaches
 * the client: the filter adds {@code X-Cache} there, and a write route invalidates there, which
 * makes read-your-writes hold even when the servlet flushes early.
 */
public final class BufferingResponseWrapper extends TagHidingResponse {
  private enum Channel {
    NONE,
    STREAM,
    WRITER
  }

  private final Consumer<BufferingResponseWrapper> beforeCommit;
  private final CappedOutputStream body;
  private Channel channel = Channel.NONE;
  private PrintWriter writer;
  private boolean committed;
  private boolean abandoned;
  private PendingError pendingError;

  public BufferingResponseWrapper(HttpServletResponse response, int maxBodySize,
      Consumer<BufferingResponseWrapper> beforeCommit) {
    this(response, maxBodySize, beforeCommit, "");
  }

  /**
   * @param hiddenHeader a header the origin sets for the cache only (the tag header): kept here for
   *     {@link #tagHeaderValues()}, never passed to the client
   */
  public BufferingResponseWrapper(HttpServletResponse response, int maxBodySize,
      Consumer<BufferingResponseWrapper> beforeCommit, String hiddenHeader) {
    this(response, maxBodySize, beforeCommit, hiddenHeader, FillMemory.UNLIMITED);
  }

  /**
   * @param memory the budget all fills in progress buffer within: when it cannot grow this
   *     capture, the body streams through unstored ({@link BodyCapture#OVER_MEMORY})
   */
  public BufferingResponseWrapper(HttpServletResponse response, int maxBodySize,
      Consumer<BufferingResponseWrapper> beforeCommit, String hiddenHeader, FillMemory memory) {
    this(response, maxBodySize, beforeCommit, hiddenHeader, memory, Set.of());
  }

  /** @param cacheOnly lower-case names of further fields the client must not see (RFC 9213 targeted fields) */
  public BufferingResponseWrapper(HttpServletResponse response, int maxBodySize,
      Consumer<BufferingResponseWrapper> beforeCommit, String hiddenHeader, FillMemory memory, Set<String> cacheOnly) {
    super(response, hiddenHeader, cacheOnly);
    this.beforeCommit = beforeCommit;
    this.body = new CappedOutputStream(this, maxBodySize, memory);
  }

  @Override
  public ServletOutputStream getOutputStream() {
    if (channel == Channel.WRITER) {
      throw new IllegalStateException("getWriter() has already been called for this response");
    }
    channel = Channel.STREAM;
    return body;
  }

  @Override
  public PrintWriter getWriter() {
    if (channel == Channel.STREAM) {
      throw new IllegalStateException("getOutputStream() has already been called for this response");
    }
    if (writer == null) {
      String encoding = getCharacterEncoding();
      // Fix the charset now, as the container would, so the Content-Type names what we encode.
      setCharacterEncoding(encoding);
      writer = new PrintWriter(new OutputStreamWriter(body, Charset.forName(encoding)), false);
      channel = Channel.WRITER;
    }
    return writer;
  }

  @Override
  public void flushBuffer() throws IOException {
    flushWriter();
    body.flush();
  }

  @Override
  public boolean isCommitted() {
    return committed || pendingError != null || super.isCommitted();
  }

  @Override
  public int getStatus() {
    return pendingError != null ? pendingError.status() : super.getStatus();
  }

  @Override
  public void reset() {
    requireUncommitted("reset");
    super.reset();
    body.resetCapture();
    writer = null;
    channel = Channel.NONE;
  }

  @Override
  public void resetBuffer() {
    requireUncommitted("resetBuffer");
    flushWriter();
    body.resetCapture();
  }

  @Override
  public void setBufferSize(int size) {
    if (body.capturedSize() > 0 || committed) {
      throw new IllegalStateException("setBufferSize after content was written");
    }
    super.setBufferSize(size);
  }

  /** A sendError held back until {@link #finish()}, so the cache can still answer otherwise (stale-if-error). */
  private record PendingError(int status, String message) {}

  @Override
  public void sendError(int status, String message) {
    holdError(status, message);
  }

  @Override
  public void sendError(int status) {
    holdError(status, null);
  }

  private void holdError(int status, String message) {
    requireUncommitted("sendError");
    flushWriter();
    body.discard();
    abandoned = true;
    pendingError = new PendingError(status, message);
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    abandon();
    super.sendRedirect(location);
  }

  private void abandon() {
    requireUncommitted("sendError/sendRedirect");
    body.discard();
    abandoned = true;
    commit();
  }

  private void requireUncommitted(String operation) {
    if (isCommitted()) {
      throw new IllegalStateException(operation + " after the response was committed");
    }
  }

  /** Runs the before-commit hook once; later calls do nothing. */
  void commit() {
    if (!committed) {
      committed = true;
      beforeCommit.accept(this);
    }
  }

  void abandonCapture() {
    abandoned = true;
  }

  private void flushWriter() {
    if (writer != null) {
      body.withFlushesHeld(writer::flush);
    }
  }

  /**
   * Ends the servlet's part: pushes out what the writer holds, then sends the held body (with its
   * Content-Length when nothing was streamed yet). Call after the store decision was made.
   */
  public void finish() throws IOException {
    try {
      sendHeld();
    } finally {
      // Stored or not, the body is sent (or failed to be): its memory goes back to the budget.
      body.endCapture();
    }
  }

  private void sendHeld() throws IOException {
    flushWriter();
    if (pendingError != null) {
      PendingError error = pendingError;
      pendingError = null;
      commit();
      if (error.message() == null) {
        super.sendError(error.status());
      } else {
        super.sendError(error.status(), error.message());
      }
      return;
    }
    if (abandoned) {
      return;
    }
    if (!body.isStreaming() && !containsHeader("Content-Length")) {
      setContentLength(body.capturedSize());
    }
    body.startStreaming();
  }

  /**
   * Answers {@code 304 Not Modified} instead of the held body: the client's validator matched the
   * response the origin produced. Only possible while nothing has been sent.
   */
  public void finishNotModified() {
    flushWriter();
    requireUncommitted("a 304 answer");
    // RFC 9110 §8.6: a 304 may carry Content-Length only as the 200's; never a misleading 0.
    int length = body.capturedSize();
    body.discard();
    abandoned = true;
    commit();
    setStatus(SC_NOT_MODIFIED);
    setContentLength(length);
  }

  /**
   * Drops everything the origin wrote, status and headers included, without the before-commit
   * hook, and hands back the real response for the cache to answer on (a stale entry instead of
   * an origin error). Only possible while nothing has been sent.
   */
  public HttpServletResponse discardForReplacement() {
    pendingError = null;
    flushWriter();
    requireUncommitted("replacing the origin's answer");
    body.discard();
    abandoned = true;
    committed = true;
    HttpServletResponse real = (HttpServletResponse) getResponse();
    real.reset();
    return real;
  }

  /** Whether the body outgrew the size limit and is streaming through uncaptured. */
  public boolean isOverLimit() {
    return body.isOverLimit();
  }

  /** Whether the body streams through uncaptured because the fill memory budget could not hold it. */
  public boolean isOverMemory() {
    return body.isOverMemory();
  }

  /**
   * Ends a fill that will not finish normally (the origin failed): drops the capture and returns
   * its memory to the budget; nothing is stored from it afterwards. Safe to call more than once.
   */
  public void releaseCapture() {
    abandoned = true;
    body.endCapture();
  }

  /** Whether the held body can still be replaced by a 304, or has started reaching the client. */
  public boolean isStreaming() {
    return body.isStreaming();
  }

  /** What the store policy needs: status, headers by lower-case name (held targeted fields too), and how the body was kept. */
  public ResponseFacts facts() {
    flushWriter();
    Map<String, List<String>> headers = new HashMap<>(cacheOnlyFields());
    for (String name : getHeaderNames()) {
      Collection<String> values = getHeaders(name);
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values);
    }
    BodyCapture capture = abandoned ? BodyCapture.ABANDONED
        : body.isOverMemory() ? BodyCapture.OVER_MEMORY
        : body.isOverLimit() ? BodyCapture.OVER_LIMIT
        : BodyCapture.COMPLETE;
    return new ResponseFacts(getStatus(), headers, capture);
  }

  /** The whole body as the servlet wrote it; only meaningful when {@link #facts()} says COMPLETE. */
  public byte[] capturedBody() {
    flushWriter();
    byte[] bytes = body.capturedBytes();
    return bytes == null ? new byte[0] : bytes;
  }
}
