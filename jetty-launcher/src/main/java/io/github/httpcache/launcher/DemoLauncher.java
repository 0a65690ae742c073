package io.github.httpcache.launcher;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar jetty-launcher.jar}: runs the demo on Jetty at {@code PORT} (default 8080)
 * against {@code REDIS_URL}, or against an embedded Redis when none is configured.
 *
 * <p>Environment: {@code PORT}, {@code REDIS_URL} (or {@code -Dredis.url}), and, read by the
 * webapp itself, {@code CACHE_ADMIN_TOKEN} and {@code DEMO_ORIGIN_DELAY_MS}.
 */
public final class DemoLauncher {

  private static final Logger log = LoggerFactory.getLogger(DemoLauncher.class);

  private DemoLauncher() {}

  public static void main(String[] args) {
    try {
      run();
    } catch (IllegalArgumentException e) {
      log.error("Cannot start the demo: {}", e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      log.error("Cannot start the demo", e);
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    LauncherSettings settings = LauncherSettings.resolve(System::getProperty, System::getenv);
    Optional<EmbeddedRedis> embeddedRedis = settings.redisUrl().isPresent()
        ? Optional.empty()
        : Optional.of(EmbeddedRedis.start());
    AtomicReference<DemoServer> server = new AtomicReference<>();
    // Registered before Jetty starts, so a failed start (System.exit) or an early Ctrl-C still stops Redis.
    Runtime.getRuntime().addShutdownHook(
        new Thread(() -> shutDown(Optional.ofNullable(server.get()), embeddedRedis), "demo-shutdown"));

    String redisUrl = embeddedRedis.map(EmbeddedRedis::url).orElseGet(() -> settings.redisUrl().get());
    embeddedRedis.ifPresentOrElse(
        redis -> log.info("No REDIS_URL set: started an embedded Redis at {} (pid {})", redisUrl, redis.pid()),
        () -> log.info("Using the Redis at {}", LauncherSettings.forLog(redisUrl)));
    // The webapp's web.xml reads ${REDIS_URL:...}, system property first.
    System.setProperty(LauncherSettings.REDIS_URL, redisUrl);
    log.info(settings.adminAccess().description());

    server.set(DemoServer.start(settings.port()));
    log.info("Serving the demo on http://localhost:{}/ (all interfaces), e.g. GET /api/users/1",
        server.get().port());
    server.get().join();
  }

  /** Jetty first, so no request is in flight when its Redis goes away. */
  private static void shutDown(Optional<DemoServer> server, Optional<EmbeddedRedis> embeddedRedis) {
    server.ifPresent(running -> {
      log.info("Shutting down");
      try {
        running.close();
      } catch (Exception e) {
        log.warn("Jetty did not stop cleanly", e);
      }
    });
    embeddedRedis.ifPresent(redis -> {
      try {
        redis.close();
        log.info("Stopped the embedded Redis (pid {})", redis.pid());
      } catch (Exception e) {
        log.warn("The embedded Redis (pid {}) did not stop cleanly", redis.pid(), e);
      }
    });
  }
}
