package io.github.httpcache.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 (ee10) server running the demo WAR at {@code /}, for the launcher and
 * for end-to-end tests; {@link #close()} stops it and removes what it unpacked.
 *
 * <p>The webapp reads its Redis URL, admin token and origin delay itself (web.xml
 * placeholders), so set the {@code REDIS_URL} system property before {@link #start}.
 */
public final class DemoServer implements AutoCloseable {

  /** Where the build puts the demo WAR inside the launcher JAR (see this module's pom). */
  public static final String WAR_RESOURCE = "/webapps/demo-webapp.war";

  private final Server server;
  private final int port;
  private final Optional<Path> ownedWar;

  private DemoServer(Server server, int port, Optional<Path> ownedWar) {
    this.server = server;
    this.port = port;
    this.ownedWar = ownedWar;
  }

  /** Starts the WAR bundled in this JAR on {@code port} (0 picks a free port), on all interfaces. */
  public static DemoServer start(int port) throws Exception {
    Path war = copyBundledWar();
    try {
      return start(port, war, Optional.of(war));
    } catch (Exception | Error e) {
      Files.deleteIfExists(war);
      throw e;
    }
  }

  /** Starts the given WAR, e.g. {@code ../demo-webapp/target/demo-webapp.war}; the file is left in place. */
  public static DemoServer start(int port, Path war) throws Exception {
    if (!Files.isRegularFile(war)) {
      throw new IllegalArgumentException("war = " + war.toAbsolutePath()
          + ": expected an existing WAR file; build it with mvn -pl demo-webapp -am package");
    }
    return start(port, war, Optional.empty());
  }

  private static DemoServer start(int port, Path war, Optional<Path> ownedWar) throws Exception {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port = " + port + ": expected 0 (any free port) to 65535");
    }
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(webapp(war));
    try {
      server.start();
    } catch (Exception | Error e) {
      // Jetty may have started the connector before the webapp failed: leave nothing running.
      stopQuietly(server, e);
      throw e;
    }
    return new DemoServer(server, connector.getLocalPort(), ownedWar);
  }

  private static WebAppContext webapp(Path war) {
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setWar(war.toAbsolutePath().toString());
    // A filter or servlet that fails init (bad config) must fail start, not answer 503 later.
    webapp.setThrowUnavailableOnStartupException(true);
    return webapp;
  }

  private static Path copyBundledWar() throws IOException {
    try (InputStream bundled = DemoServer.class.getResourceAsStream(WAR_RESOURCE)) {
      if (bundled == null) {
        throw new IllegalStateException("Classpath resource " + WAR_RESOURCE + " is missing: expected the"
            + " demo WAR copied in at process-resources; build with mvn -pl jetty-launcher -am package");
      }
      Path war = Files.createTempFile("demo-webapp-", ".war");
      war.toFile().deleteOnExit();
      Files.copy(bundled, war, StandardCopyOption.REPLACE_EXISTING);
      return war;
    }
  }

  private static void stopQuietly(Server server, Throwable failure) {
    try {
      server.stop();
    } catch (Exception stopFailure) {
      failure.addSuppressed(stopFailure);
    }
  }

  /** The port actually bound, also when 0 was asked for. */
  public int port() {
    return port;
  }

  /** The base URI for clients on this machine, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops Jetty and deletes the WAR copy this server made; calling it again does nothing. */
  @Override
  public synchronized void close() throws IOException {
    try {
      if (!server.isStopped()) {
        server.stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while stopping Jetty on port " + port, e);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("Jetty on port " + port + " did not stop cleanly", e);
    } finally {
      if (ownedWar.isPresent()) {
        Files.deleteIfExists(ownedWar.get());
      }
    }
  }
}
