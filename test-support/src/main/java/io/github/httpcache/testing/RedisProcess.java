package io.github.httpcache.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * One {@code redis-server} (or Sentinel) process of our own on a fixed loopback port, for fault
 * injection. Unlike {@link RedisFixture} it can be killed and started again on the same port (a
 * restart without persistence, which clients reconnect to), it reads array replies ({@code ROLE},
 * {@code SENTINEL ...}) and it pipelines bulk writes. Every start is a fresh process; only the
 * process this object started is ever signalled, by its PID.
 */
public final class RedisProcess implements AutoCloseable {
  private static final Duration STARTUP_BUDGET = Duration.ofSeconds(20);

  private final int port;
  private final List<String> arguments;
  private final Path log;
  private final Optional<Path> sentinelConfig;
  private volatile Process process;

  private RedisProcess(int port, List<String> arguments, Optional<Path> sentinelConfig) throws IOException {
    this.port = port;
    this.arguments = List.copyOf(arguments);
    this.sentinelConfig = sentinelConfig;
    this.log = Files.createTempFile("redis-" + port + "-", ".log");
  }

  /** Starts a data node on a free port: no persistence (a restart loses everything, as the fault tests want), loopback only. */
  public static RedisProcess server(List<String> extraArguments) {
    try {
      int port = RedisFixture.freePort();
      List<String> arguments = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--protected-mode", "no"));
      arguments.addAll(extraArguments);
      RedisProcess node = new RedisProcess(port, arguments, Optional.empty());
      node.start();
      return node;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start a redis-server process", e);
    }
  }

  /** Starts a Sentinel on a free port with these lines after {@code port} and {@code bind}; it rewrites its own file. */
  public static RedisProcess sentinel(List<String> configLines) {
    try {
      int port = RedisFixture.freePort();
      Path config = Files.createTempFile("sentinel-" + port + "-", ".conf");
      List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "protected-mode no"));
      lines.addAll(configLines);
      Files.write(config, lines);
      RedisProcess sentinel = new RedisProcess(port, List.of(config.toString(), "--sentinel"), Optional.of(config));
      sentinel.start();
      return sentinel;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start a Sentinel", e);
    }
  }

  /** Starts the process (again, on the same port and with the same arguments) and waits for PONG. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is already running");
    }
    try {
      List<String> command = new ArrayList<>(List.of(binary().getAbsolutePath()));
      command.addAll(arguments);
      Process started = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      // A test JVM that dies without closing us must not leave a (possibly SIGSTOPped) orphan behind.
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "redis-" + started.pid() + "-stop"));
      process = started;
      awaitPong();
    } catch (IOException e) {
      throw new IllegalStateException("redis-server on port " + port + " did not start: " + e.getMessage()
          + "\n" + logTail(), e);
    }
  }

  /** SIGKILL, and waits for the process to be gone: no shutdown save, connections reset. */
  public synchronized void kill() {
    Process running = process;
    if (running == null || !running.isAlive()) {
      return;
    }
    running.destroyForcibly();
    try {
      if (!running.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server " + running.pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing redis-server", e);
    }
  }

  /** A restart without persistence: SIGKILL, then a fresh empty process on the same port. */
  public void restart() {
    kill();
    start();
  }

  /** SIGSTOP: connections stay open, nothing answers. */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT, after {@link #pause()}. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    Process running = process;
    if (running == null || !running.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(running.pid())).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + running.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("kill -" + name + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling redis-server", e);
    }
  }

  public boolean isRunning() {
    Process running = process;
    return running != null && running.isAlive();
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** One command; a simple, integer or bulk reply as text, an error as its line, an array as its elements joined by newlines. */
  public String command(String... words) {
    Object reply = call(words);
    return reply instanceof List<?> list ? String.join("\n", list.stream().map(String::valueOf).toList())
        : (String) reply;
  }

  /** One command whose reply is an array: its elements (nested arrays as {@code List}s). */
  public List<Object> array(String... words) {
    Object reply = call(words);
    if (reply instanceof List<?> list) {
      return new ArrayList<>(list);
    }
    throw new IllegalStateException(String.join(" ", words) + " answered " + reply + ", not an array");
  }

  /** A field of {@code INFO section}, such as {@code used_memory} or {@code master_link_status}; empty if absent. */
  public String info(String section, String field) {
    for (String line : command("INFO", section).split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1).trim();
      }
    }
    return "";
  }

  private Object call(String... words) {
    try (Socket socket = Resp.plain().open(host(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write(Resp.encode(List.of(words)));
      out.flush();
      return read(new java.io.BufferedInputStream(socket.getInputStream()));
    } catch (IOException e) {
      throw new IllegalStateException("Redis command failed on port " + port + ": " + String.join(" ", words), e);
    }
  }

  /**
   * Sends all {@code commands} on one connection before reading any reply (bulk writes in one go)
   * and returns how many were refused with an error reply (such as {@code -OOM}).
   */
  public int pipeline(List<List<String>> commands) {
    try (Socket socket = Resp.plain().open(host(), port)) {
      OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      for (List<String> words : commands) {
        out.write(Resp.encode(words));
      }
      out.flush();
      InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
      int errors = 0;
      for (int i = 0; i < commands.size(); i++) {
        Object reply = read(in);
        errors += reply instanceof String text && text.startsWith("-") ? 1 : 0;
      }
      return errors;
    } catch (IOException e) {
      throw new IllegalStateException("Redis pipeline failed on port " + port, e);
    }
  }

  /** A reply: text (errors keep their leading {@code -}), null, or a list for an array. */
  private static Object read(InputStream in) throws IOException {
    String line = Resp.readLine(in);
    if (line.startsWith("*")) {
      int count = Integer.parseInt(line.substring(1));
      if (count < 0) {
        return null;
      }
      List<Object> elements = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        elements.add(read(in));
      }
      return elements;
    }
    if (line.startsWith("$")) {
      int length = Integer.parseInt(line.substring(1));
      if (length < 0) {
        return null;
      }
      byte[] data = in.readNBytes(length + 2);
      return new String(data, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }
    return line.startsWith("+") || line.startsWith(":") ? line.substring(1) : line;
  }

  private void awaitPong() throws IOException {
    long deadline = System.nanoTime() + STARTUP_BUDGET.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue() + " at startup");
      }
      try {
        if ("PONG".equals(command("PING"))) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // Not listening yet.
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for redis-server", e);
      }
    }
    kill();
    throw new IOException("redis-server did not answer PING within " + STARTUP_BUDGET);
  }

  /** The last lines of the process's output, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static File binary() throws IOException {
    for (String directory : Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)) {
      Path candidate = Path.of(directory, "redis-server");
      if (!directory.isEmpty() && Files.isExecutable(candidate)) {
        return candidate.toFile();
      }
    }
    File bundled = ExecutableProvider.newJarResourceProvider().get();
    if (!bundled.canExecute() && !bundled.setExecutable(true)) {
      throw new IOException("Cannot make the bundled redis-server executable: " + bundled);
    }
    return bundled;
  }

  /** Ends the process (thawing it first, should it be paused) and removes its files. */
  @Override
  public void close() {
    if (isRunning()) {
      try {
        resume();
      } catch (RuntimeException ignored) {
        // Gone already.
      }
    }
    kill();
    try {
      Files.deleteIfExists(log);
      if (sentinelConfig.isPresent()) {
        Files.deleteIfExists(sentinelConfig.get());
      }
    } catch (IOException ignored) {
      // A temp file left behind is harmless.
    }
  }
}
