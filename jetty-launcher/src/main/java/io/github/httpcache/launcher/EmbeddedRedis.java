package io.github.httpcache.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away redis-server process on 127.0.0.1 and a free port, so the demo runs with no
 * Redis installed; nothing is persisted and {@link #close()} stops the process.
 */
public final class EmbeddedRedis implements AutoCloseable {

  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(10);
  private static final Duration STOP_LIMIT = Duration.ofSeconds(5);
  private static final int PORT_ATTEMPTS = 3;
  private static final String HOST = "127.0.0.1";

  private final Process process;
  private final int port;
  private final Path log;

  private EmbeddedRedis(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts redis-server and waits until it answers PING.
   *
   * @throws IOException when it cannot be started or does not answer within 10 s, with its output
   */
  public static EmbeddedRedis start() throws IOException {
    Path executable = RedisExecutable.find();
    IOException failure = null;
    // The free port is only reserved until we close the probe socket: retry if someone took it.
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      try {
        return startOn(executable, freePort());
      } catch (IOException e) {
        failure = e;
      }
    }
    throw failure;
  }

  private static EmbeddedRedis startOn(Path executable, int port) throws IOException {
    Path log = Files.createTempFile("embedded-redis-" + port + "-", ".log");
    Process process = new ProcessBuilder(List.of(executable.toString(),
            "--port", Integer.toString(port), "--bind", HOST,
            "--save", "", "--appendonly", "no", "--protected-mode", "no"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    EmbeddedRedis redis = new EmbeddedRedis(process, port, log);
    try {
      redis.awaitPong(executable);
      return redis;
    } catch (IOException | RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  private void awaitPong(Path executable) throws IOException {
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(executable + " exited with status " + process.exitValue()
            + " before answering PING on port " + port + "; its output:\n" + output());
      }
      if (answersPing()) {
        return;
      }
      pauseBeforeRetry();
    }
    throw new IOException(executable + " did not answer PING on " + HOST + ":" + port + " within "
        + STARTUP_LIMIT.toSeconds() + " s; its output:\n" + output());
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      return "+PONG".equals(in.readLine());
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void pauseBeforeRetry() throws IOException {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for redis-server to start", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return probe.getLocalPort();
    }
  }

  private String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(could not read " + log + ": " + e.getMessage() + ")";
    }
  }

  public int port() {
    return port;
  }

  /** The URL for the filter's {@code redis.url}, e.g. {@code redis://127.0.0.1:40123}. */
  public String url() {
    return "redis://" + HOST + ":" + port;
  }

  /** The redis-server process id, for logs and for tests that must stop what they started. */
  public long pid() {
    return process.pid();
  }

  /** Stops redis-server (SIGTERM, then SIGKILL after 5 s) and deletes its log; idempotent. */
  @Override
  public synchronized void close() throws IOException {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!waitForExit()) {
          process.destroyForcibly();
          waitForExit();
        }
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private boolean waitForExit() throws IOException {
    try {
      return process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("Interrupted while stopping redis-server (pid " + process.pid() + ")", e);
    }
  }
}
