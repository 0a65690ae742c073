package io.github.httpcache.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis for tests, found in the order DEVELOPERS.md sets: {@code REDIS_URL} if set, else a
 * Testcontainers Redis when a Docker engine answers, else a {@code redis-server} process of our
 * own on a free loopback port (Debian's binary on PATH, else the one bundled in embedded-redis).
 * {@link #startTls} starts a TLS-only one with an ACL user instead.
 *
 * <p>Only a process this fixture started can be paused, resumed or stopped; {@link #close()} ends
 * exactly that process, by its PID.
 */
public final class RedisFixture implements RedisDeployment {
  private static final Logger log = LoggerFactory.getLogger(RedisFixture.class);
  private static final Duration STARTUP_BUDGET = Duration.ofSeconds(20);

  private final URI uri;
  private final Process process;
  private final GenericContainer<?> container;
  private final Resp.Connector connector;

  private RedisFixture(URI uri, Process process, GenericContainer<?> container) {
    this(uri, process, container, Resp.plain());
  }

  private RedisFixture(URI uri, Process process, GenericContainer<?> container, Resp.Connector connector) {
    this.uri = uri;
    this.process = process;
    this.container = container;
    this.connector = connector;
  }

  /** Starts (or adopts) a Redis as described in the class comment. */
  public static RedisFixture start() {
    String fromEnvironment = System.getenv("REDIS_URL");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      log.info("Using the Redis at REDIS_URL={}", fromEnvironment);
      return new RedisFixture(URI.create(fromEnvironment), null, null);
    }
    if (dockerAnswers()) {
      return startContainer();
    }
    return startProcess();
  }

  /** Starts a {@code redis-server} process of our own, whatever else is available. */
  public static RedisFixture startProcess() {
    return startProcess(List.of());
  }

  /** As {@link #startProcess()}, with more {@code redis-server} arguments (such as cluster mode). */
  public static RedisFixture startProcess(List<String> extraArguments) {
    IllegalStateException failed = null;
    // A free port can be taken before redis-server binds it (and a cluster node also needs port + 10000):
    // a server that exits at startup gets another port, a few times.
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return startProcessOnPort(freePort(), extraArguments);
      } catch (IOException e) {
        throw new IllegalStateException("Could not start a redis-server process", e);
      } catch (IllegalStateException e) {
        failed = e;
      }
    }
    throw failed;
  }

  /**
   * As {@link #startProcess(List)}, on {@code port}: for tests of a Redis that comes up after the
   * application (the port reserved, free, before it starts).
   */
  public static RedisFixture startProcessOnPort(int port, List<String> extraArguments) {
    try {
      List<String> arguments = new java.util.ArrayList<>(List.of("--port", Integer.toString(port)));
      arguments.addAll(extraArguments);
      return launch(arguments, URI.create("redis://127.0.0.1:" + port), Resp.plain(),
          ProcessBuilder.Redirect.DISCARD);
    } catch (IOException e) {
      throw new IllegalStateException("Could not start a redis-server process", e);
    }
  }

  /**
   * Starts a {@code redis-server} process that listens for TLS only, with the server certificate
   * of {@code certificates} and no client certificates asked for. Its default user is off:
   * {@code user} with {@code password} may run every command on every key and channel. The
   * fixture's own commands connect over TLS as that user. Its log is {@code redis-tls.log} in the
   * certificates' directory.
   *
   * @throws TlsUnsupportedException when no {@code redis-server} is on PATH and the one bundled in
   *     embedded-redis was built without TLS
   */
  public static RedisFixture startTls(TestCertificates certificates, String user, String password) {
    Path logFile = certificates.directory().resolve("redis-tls.log");
    try {
      int port = freePort();
      List<String> arguments = List.of(
          "--port", "0",
          "--tls-port", Integer.toString(port),
          "--tls-cert-file", certificates.serverCertificate().toString(),
          "--tls-key-file", certificates.serverKey().toString(),
          "--tls-ca-cert-file", certificates.caCertificate().toString(),
          "--tls-auth-clients", "no",
          "--user", "default", "off",
          "--user", user, "on", ">" + password, "~*", "&*", "+@all");
      return launch(arguments, URI.create("rediss://127.0.0.1:" + port),
          Resp.tls(certificates.clientContext(), user, password), ProcessBuilder.Redirect.to(logFile.toFile()));
    } catch (IOException e) {
      String output = readQuietly(logFile);
      // A build without TLS stops at the first tls-* argument: "Bad directive or wrong number of arguments".
      if (output.contains("Bad directive") && findOnPath("redis-server").isEmpty()) {
        throw new TlsUnsupportedException("The redis-server bundled in embedded-redis was built without TLS"
            + " and none is on PATH (install Debian's redis-server): " + output.strip());
      }
      throw new IllegalStateException("Could not start a TLS redis-server: " + e.getMessage()
          + "; its log:\n" + output, e);
    }
  }

  private static RedisFixture launch(List<String> arguments, URI uri, Resp.Connector connector,
      ProcessBuilder.Redirect output) throws IOException {
    File binary = redisBinary();
    List<String> command = new java.util.ArrayList<>(List.of(
        binary.getAbsolutePath(),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--protected-mode", "no"));
    command.addAll(arguments);
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output)
        .start();
    stopWithTheJvm(process);
    RedisFixture fixture = new RedisFixture(uri, process, null, connector);
    fixture.awaitPong();
    log.info("Started redis-server {} (pid {}) at {}", binary, process.pid(), uri);
    return fixture;
  }

  /**
   * A test JVM that ends without closing its fixtures (a failed setup, a fork on its way out)
   * still stops its redis-server: no orphan keeps a port and memory after the build. Forcibly,
   * since a test may have left it paused (SIGSTOP), when a plain SIGTERM would wait forever.
   */
  private static void stopWithTheJvm(Process process) {
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "redis-server-" + process.pid() + "-stop"));
  }

  private static String readQuietly(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(no log)";
    } catch (IOException e) {
      return "(unreadable log: " + e.getMessage() + ")";
    }
  }

  /**
   * Starts a Sentinel (a {@code redis-server --sentinel} process of our own) watching the master
   * {@code masterName} at {@code master}, for tests of Sentinel-managed Redis.
   */
  public static RedisFixture startSentinel(String masterName, RedisFixture master) {
    try {
      int port = freePort();
      Path config = Files.createTempFile("sentinel-" + port, ".conf");
      config.toFile().deleteOnExit();
      Files.writeString(config, String.join("\n",
          "port " + port,
          "bind 127.0.0.1",
          "protected-mode no",
          "sentinel monitor " + masterName + " " + master.host() + " " + master.port() + " 1",
          "sentinel down-after-milliseconds " + masterName + " 5000",
          ""));
      Process process = new ProcessBuilder(redisBinary().getAbsolutePath(), config.toString(), "--sentinel")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      stopWithTheJvm(process);
      RedisFixture sentinel = new RedisFixture(URI.create("redis://127.0.0.1:" + port), process, null);
      sentinel.awaitPong();
      log.info("Started a Sentinel (pid {}) on port {} watching {}", process.pid(), port, master.url());
      return sentinel;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start a Sentinel", e);
    }
  }

  private static RedisFixture startContainer() {
    GenericContainer<?> container =
        new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
    container.start();
    URI uri =
        URI.create("redis://" + container.getHost() + ":" + container.getMappedPort(6379));
    log.info("Started a Testcontainers Redis at {}", uri);
    return new RedisFixture(uri, null, container);
  }

  private static boolean dockerAnswers() {
    // Asking Testcontainers with no engine in sight only logs a page of errors; skip it then.
    if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static File redisBinary() throws IOException {
    Optional<Path> onPath = findOnPath("redis-server");
    if (onPath.isPresent()) {
      return onPath.get().toFile();
    }
    File bundled = ExecutableProvider.newJarResourceProvider().get();
    if (!bundled.canExecute() && !bundled.setExecutable(true)) {
      throw new IOException("Cannot make the bundled redis-server executable: " + bundled);
    }
    return bundled;
  }

  private static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Ports handed out in this JVM: a client an earlier test left reconnecting must not find a later server there. */
  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** A free TCP port on the loopback interface, not one this JVM was given before. */
  public static int freePort() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
    throw new IOException("no loopback port free that this JVM had not used already");
  }

  /** The URL a Redisson client (or the filter's {@code redis.url}) connects to. */
  public String url() {
    return uri.toString();
  }

  @Override
  public Map<String, String> filterKeys() {
    return Map.of("redis.url", url());
  }

  public String host() {
    return uri.getHost();
  }

  public int port() {
    return uri.getPort();
  }

  /**
   * Sends one command in the inline protocol and returns the raw reply, for test assertions that
   * must look at Redis itself (PTTL, EXISTS, DBSIZE) without going through the code under test.
   */
  @Override
  public String command(String... words) {
    try (Socket socket = connector.open(host(), port())) {
      OutputStream out = socket.getOutputStream();
      out.write(Resp.encode(List.of(words)));
      out.flush();
      return Resp.readReply(socket.getInputStream());
    } catch (IOException e) {
      throw new IllegalStateException("Redis command failed: " + String.join(" ", words), e);
    }
  }

  /** As {@link #command}, in logical database {@code database} (SELECT first, on the same connection). */
  public String commandInDatabase(int database, String... words) {
    try (Socket socket = connector.open(host(), port())) {
      OutputStream out = socket.getOutputStream();
      out.write(Resp.encode(List.of("SELECT", Integer.toString(database))));
      out.write(Resp.encode(List.of(words)));
      out.flush();
      String selected = Resp.readReply(socket.getInputStream());
      if (!"OK".equals(selected)) {
        throw new IllegalStateException("SELECT " + database + " failed: " + selected);
      }
      return Resp.readReply(socket.getInputStream());
    } catch (IOException e) {
      throw new IllegalStateException("Redis command failed in database " + database + ": "
          + String.join(" ", words), e);
    }
  }

  /** Every key matching {@code pattern}, walked with SCAN as the product does (never KEYS). */
  @Override
  public List<String> keys(String pattern) {
    List<String> found = new java.util.ArrayList<>();
    try (Socket socket = connector.open(host(), port())) {
      String cursor = "0";
      do {
        socket.getOutputStream().write(Resp.encode(List.of("SCAN", cursor, "MATCH", pattern, "COUNT", "1000")));
        InputStream in = socket.getInputStream();
        Resp.readLine(in); // *2
        cursor = Resp.readReply(in);
        int count = Integer.parseInt(Resp.readLine(in).substring(1));
        for (int i = 0; i < count; i++) {
          found.add(Resp.readReply(in));
        }
      } while (!cursor.equals("0"));
    } catch (IOException e) {
      throw new IllegalStateException("SCAN " + pattern + " failed", e);
    }
    return found;
  }

  /**
   * How many cache entries (or tombstones) a namespace holds: its keys minus the bookkeeping
   * ones, whose names continue with {@code ~} (fills in progress, tag indexes, key budgets).
   */
  public int entryCount(String namespace) {
    return (int) keys(namespace + "*").stream().filter(key -> !key.startsWith(namespace + "~")).count();
  }

  /** Removes every key, so each test starts from an empty Redis. */
  public void flushAll() {
    command("FLUSHALL");
  }

  /** Freezes the process with SIGSTOP: connections stay open but nothing answers. */
  public void pause() {
    signal("STOP");
  }

  /** Thaws a process frozen by {@link #pause()}. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    if (process == null) {
      throw new IllegalStateException("Only a redis-server process started by the fixture can be signalled");
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("kill -" + name + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while signalling redis-server", e);
    }
  }

  private void awaitPong() throws IOException {
    long deadline = System.nanoTime() + STARTUP_BUDGET.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue() + " at startup");
      }
      try {
        if ("PONG".equals(command("PING"))) {
          return;
        }
      } catch (IllegalStateException e) {
        last = e.getCause() instanceof IOException io ? io : new IOException(e);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for redis-server", e);
      }
    }
    close();
    throw new IOException("redis-server did not answer PING within " + STARTUP_BUDGET, last);
  }

  /** Stops what this fixture started: its process (by PID) or its container; nothing else. */
  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.toHandle().children().forEach(ProcessHandle::destroy);
      resumeQuietly();
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (container != null) {
      container.stop();
    }
  }

  private void resumeQuietly() {
    try {
      signal("CONT");
    } catch (RuntimeException ignored) {
      // A process that was never paused, or already gone, needs no resuming.
    }
  }
}
