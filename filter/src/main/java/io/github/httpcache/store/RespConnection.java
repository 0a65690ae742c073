package io.github.httpcache.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One blocking connection to Redis, spoken to in RESP2 by the thread that needs the answer: the
 * commands of an exchange go out in one write and their replies are read in order, on that thread.
 * No event loop stands between the request thread and the socket, so a round trip costs one
 * wake-up (the kernel's, when the reply arrives) instead of three hand-offs between threads.
 *
 * <p>Not thread-safe: {@link DirectConnections} lends it to one thread at a time. Any I/O error or
 * protocol surprise leaves it {@link #broken()}; it is then closed, never reused.
 */
final class RespConnection implements AutoCloseable {
  private static final byte[] CRLF = {'\r', '\n'};
  /** An output buffer that grew past this (a large save) is dropped after use rather than kept. */
  private static final int KEEP_OUTPUT_UP_TO = 256 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] input = new byte[16 * 1024];
  private int position;
  private int limit;
  private byte[] output = new byte[4 * 1024];
  private int written;
  /** When the exchange under way must be over (System.nanoTime), or 0 between exchanges; the watchdog reads it. */
  private volatile long deadlineNanos;
  private volatile boolean broken;
  /** Whether any byte of a reply has been read in the exchange under way. */
  private boolean replyStarted;

  RespConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** An error reply: Redis answered, and the connection is still in step. */
  static final class ErrorReply {
    final String message;

    ErrorReply(String message) {
      this.message = message;
    }

    @Override
    public String toString() {
      return message;
    }
  }

  /** Starts an exchange that must be over by {@code deadline} (System.nanoTime). */
  void begin(long deadline) {
    written = 0;
    replyStarted = false;
    deadlineNanos = deadline == 0 ? 1 : deadline;
  }

  /** Appends one command; arguments are Strings (UTF-8), byte arrays, or numbers. */
  void command(Object... arguments) {
    append('*');
    appendNumber(arguments.length);
    for (Object argument : arguments) {
      byte[] bytes = argument instanceof byte[] raw ? raw : argument.toString().getBytes(StandardCharsets.UTF_8);
      append('$');
      appendNumber(bytes.length);
      appendBytes(bytes, 0, bytes.length);
      appendBytes(CRLF, 0, 2);
    }
  }

  /** Sends what {@link #command} appended, in one write. */
  void send() throws IOException {
    out.write(output, 0, written);
    out.flush();
    if (output.length > KEEP_OUTPUT_UP_TO) {
      output = new byte[4 * 1024];
    }
  }

  /**
   * The next reply: a Long (integer), {@link ReceivedBytes} (bulk string, read into a {@link
   * BodyBuffers} array) or null (nil), a String (status), an {@link ErrorReply}, or an Object[]
   * (array).
   */
  Object read() throws IOException {
    byte type = readByte();
    replyStarted = true;
    return switch (type) {
      case ':' -> readLong();
      case '$' -> readBulk();
      case '+' -> readLine();
      case '-' -> new ErrorReply(readLine());
      case '*' -> readArray();
      default -> throw new IOException("not a RESP reply: type byte " + type);
    };
  }

  /** Ends the exchange: the watchdog leaves the connection alone until the next one. */
  void end() {
    deadlineNanos = 0;
  }

  boolean replyStarted() {
    return replyStarted;
  }

  /** Whether an exchange is under way and past its deadline (for the watchdog). */
  boolean overdue(long nowNanos) {
    long deadline = deadlineNanos;
    return deadline != 0 && nowNanos - deadline > 0;
  }

  boolean broken() {
    return broken;
  }

  /** Marks the connection unusable and closes its socket (a blocked read or write then fails at once). */
  @Override
  public void close() {
    broken = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is all that was wanted.
    }
  }

  private Object[] readArray() throws IOException {
    long count = readLong();
    if (count < 0) {
      return null;
    }
    Object[] items = new Object[(int) count];
    for (int i = 0; i < items.length; i++) {
      items[i] = read();
    }
    return items;
  }

  private ReceivedBytes readBulk() throws IOException {
    long length = readLong();
    if (length < 0) {
      return null;
    }
    if (length > Integer.MAX_VALUE - 2) {
      throw new IOException("a bulk reply of " + length + " bytes");
    }
    int size = (int) length;
    byte[] data = BodyBuffers.take(size);
    int buffered = Math.min(size, limit - position);
    System.arraycopy(input, position, data, 0, buffered);
    position += buffered;
    // What is not buffered yet goes from the socket straight into the array: one copy in all.
    for (int filled = buffered; filled < size; ) {
      setTimeout();
      int read = in.read(data, filled, size - filled);
      if (read < 0) {
        throw new EOFException("Redis closed the connection mid-reply");
      }
      filled += read;
    }
    if (readByte() != '\r' || readByte() != '\n') {
      throw new IOException("a bulk reply not ended by CRLF");
    }
    return new ReceivedBytes(data, size);
  }

  private long readLong() throws IOException {
    boolean negative = false;
    long value = 0;
    byte next = readByte();
    if (next == '-') {
      negative = true;
      next = readByte();
    }
    while (next != '\r') {
      if (next < '0' || next > '9') {
        throw new IOException("not a number in a RESP reply");
      }
      value = value * 10 + (next - '0');
      next = readByte();
    }
    if (readByte() != '\n') {
      throw new IOException("a RESP line not ended by CRLF");
    }
    return negative ? -value : value;
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    for (byte next = readByte(); next != '\r'; next = readByte()) {
      line.append((char) (next & 0xff));
    }
    if (readByte() != '\n') {
      throw new IOException("a RESP line not ended by CRLF");
    }
    return line.toString();
  }

  private byte readByte() throws IOException {
    if (position == limit) {
      fill();
    }
    return input[position++];
  }

  private void fill() throws IOException {
    setTimeout();
    int read = in.read(input, 0, input.length);
    if (read < 0) {
      throw new EOFException("Redis closed the connection");
    }
    position = 0;
    limit = read;
  }

  /** Each blocking read waits at most until the exchange's deadline. */
  private void setTimeout() throws IOException {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      throw new SocketTimeoutException("no reply within the deadline");
    }
    socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
  }

  private void append(char ascii) {
    ensure(1);
    output[written++] = (byte) ascii;
  }

  private void appendNumber(long number) {
    byte[] digits = Long.toString(number).getBytes(StandardCharsets.US_ASCII);
    appendBytes(digits, 0, digits.length);
    appendBytes(CRLF, 0, 2);
  }

  private void appendBytes(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, output, written, length);
    written += length;
  }

  private void ensure(int more) {
    if (written + more > output.length) {
      output = java.util.Arrays.copyOf(output, Math.max(output.length * 2, written + more));
    }
  }
}
