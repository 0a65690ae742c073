package io.github.httpcache;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.github.httpcache.metrics.MetricNames;
import io.github.httpcache.metrics.MetricRegistries;
import io.github.httpcache.testing.RedisFixture;
import io.github.httpcache.testing.TestCertificates;
import io.github.httpcache.testing.TlsUnsupportedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS ({@code rediss://}) and ACL credentials against a real redis-server that listens for TLS
 * only, with a certificate from a throwaway CA, and whose default user is off: the {@code
 * redis.url} form (trusting the CA through the JVM or through {@code redis.tls.truststore}) and a
 * Redisson YAML file reach database 2 as the ACL user, and a wrong password leaves the
 * application answering from the origin.
 */
class RedisTlsAclTest {
  private static final String USER = "cacheuser";
  private static final String PASSWORD = "s3cret";
  private static final int DATABASE = 2;
  private static final String[] JVM_TRUSTSTORE_PROPERTIES =
      {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};

  @TempDir
  static Path directory;

  private static TestCertificates certificates;
  private static RedisFixture redis;

  @BeforeAll
  static void start() {
    certificates = TestCertificates.create(directory);
    try {
      redis = RedisFixture.startTls(certificates, USER, PASSWORD);
    } catch (TlsUnsupportedException e) {
      // CI installs Debian's redis-server, which has TLS: there, no TLS Redis is a failure, not a skip.
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw e;
      }
      Assumptions.abort(e.getMessage());
    }
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
  }

  @Test
  void redissonYamlWithTruststoreReachesTlsRedisAsAclUserInDatabaseTwo() throws Exception {
    Map<String, String> config = cacheConfig("tls-yaml:");
    config.put("redis.config-file", redissonYaml(PASSWORD).toString());
    config.put("redis.timeout", "2s");

    cachesInDatabaseTwoAndInvalidatesOnWrite(config, "tls-yaml:");
  }

  @Test
  void redisUrlReachesTlsRedisAsAclUserInDatabaseTwoWhenTheJvmTrustsTheCa() throws Exception {
    Map<String, String> config = cacheConfig("tls-url:");
    config.put("redis.url", "rediss://" + USER + ":" + PASSWORD + "@127.0.0.1:" + redis.port() + "/" + DATABASE);
    // redis.url names no truststore: Redisson then trusts what the JVM trusts, which is how this form is deployed.
    String[] previous = new String[JVM_TRUSTSTORE_PROPERTIES.length];
    for (int i = 0; i < previous.length; i++) {
      previous[i] = System.getProperty(JVM_TRUSTSTORE_PROPERTIES[i]);
    }
    System.setProperty("javax.net.ssl.trustStore", certificates.truststore().toString());
    System.setProperty("javax.net.ssl.trustStorePassword", certificates.truststorePassword());
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    try {
      // Load it once on this thread: the JDK's trust-store cache can hand concurrent first callers the old store.
      TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).init((KeyStore) null);
      cachesInDatabaseTwoAndInvalidatesOnWrite(config, "tls-url:");
    } finally {
      for (int i = 0; i < previous.length; i++) {
        if (previous[i] == null) {
          System.clearProperty(JVM_TRUSTSTORE_PROPERTIES[i]);
        } else {
          System.setProperty(JVM_TRUSTSTORE_PROPERTIES[i], previous[i]);
        }
      }
    }
  }

  @Test
  void redisUrlReachesTlsRedisAsAclUserInDatabaseTwoWithTheTruststoreKeyAlone() throws Exception {
    Map<String, String> config = cacheConfig("tls-key:");
    config.put("redis.url", "rediss://" + USER + ":" + PASSWORD + "@127.0.0.1:" + redis.port() + "/" + DATABASE);
    config.put("redis.tls.truststore", certificates.truststore().toString());
    config.put("redis.tls.truststore-password", certificates.truststorePassword());
    config.put("cache.near-cache.max-size", "1MiB");

    cachesInDatabaseTwoAndInvalidatesOnWrite(config, "tls-key:");
  }

  @Test
  void wrongPasswordStartsTheAppAndRequestsAreAnsweredByTheOriginWithBypass() throws Exception {
    Map<String, String> config = cacheConfig("tls-wrong:");
    config.put("redis.config-file", redissonYaml("not-the-password").toString());
    config.put("redis.timeout", "2s");
    OriginServlet origin = new OriginServlet();
    try (TestServer server = TestServer.start(config, Map.of("/origin/*", origin))) {
      for (int call = 1; call <= 2; call++) {
        HttpResponse<String> response = server.get("/origin/stream");

        assertEquals(200, response.statusCode());
        assertEquals("BYPASS", xCache(response));
        assertEquals("call " + call, response.body());
      }
      MetricRegistry registry = (MetricRegistry) server.context().getServletContext()
          .getAttribute(MetricRegistries.REGISTRY_ATTRIBUTE);
      assertTrue(registry.counter(MetricNames.STORE_ERRORS + ".find").getCount() >= 1,
          "the refused lookups should count as store errors");
      assertEquals("0", redis.commandInDatabase(DATABASE, "DBSIZE"));
    }
  }

  @Test
  void plainClientGetsNoRedisAnswerFromTheTlsPort() throws IOException {
    String received;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", redis.port()), 2000);
      socket.setSoTimeout(5000);
      String auth = "*3\r\n$4\r\nAUTH\r\n$" + USER.length() + "\r\n" + USER + "\r\n$" + PASSWORD.length() + "\r\n"
          + PASSWORD + "\r\n";
      socket.getOutputStream().write((auth + "*1\r\n$4\r\nPING\r\n").getBytes(US_ASCII));
      received = readUntilClosed(socket.getInputStream());
    }

    assertFalse(received.contains("+OK") || received.contains("PONG"), "plain RESP answered: " + received);
  }

  private static void cachesInDatabaseTwoAndInvalidatesOnWrite(Map<String, String> config, String namespace)
      throws Exception {
    OriginServlet origin = new OriginServlet();
    try (TestServer server = TestServer.start(config, Map.of("/origin/*", origin))) {
      HttpResponse<String> miss = server.get("/origin/stream");
      HttpResponse<String> hit = server.get("/origin/stream");

      assertEquals("MISS", xCache(miss));
      assertEquals("HIT", xCache(hit));
      assertEquals("call 1", hit.body());
      assertEquals(1, origin.calls.get());
      String key = namespace + "GET:/origin/stream";
      assertEquals("1", redis.commandInDatabase(DATABASE, "EXISTS", key), "the entry should be in database 2");
      assertEquals("0", redis.command("EXISTS", key), "the entry should not be in database 0");

      assertEquals(200, server.send("PUT", "/origin/stream", "changed").statusCode());
      HttpResponse<String> afterWrite = server.get("/origin/stream");

      assertEquals("MISS", xCache(afterWrite));
      assertEquals("call 3", afterWrite.body());
    }
  }

  private static Map<String, String> cacheConfig(String namespace) {
    return new LinkedHashMap<>(TestServer.config(
        "cache.namespace", namespace,
        "route.origin.path", "/origin/{behaviour}",
        "route.origin.ttl", "60s",
        "invalidate.write.method", "PUT",
        "invalidate.write.path", "/origin/{behaviour}",
        "invalidate.write.keys", "GET:/origin/{behaviour}"));
  }

  /** Redisson's own YAML for the TLS Redis: the form docs/operations.md shows. */
  private static Path redissonYaml(String password) throws IOException {
    Path yaml = Files.createTempFile(directory, "redisson", ".yaml");
    Files.writeString(yaml, String.join("\n",
        "username: \"" + USER + "\"",
        "password: \"" + password + "\"",
        "sslTruststore: \"" + certificates.truststore().toUri() + "\"",
        "sslTruststorePassword: \"" + certificates.truststorePassword() + "\"",
        "singleServerConfig:",
        "  address: \"rediss://127.0.0.1:" + redis.port() + "\"",
        "  database: " + DATABASE,
        "  timeout: 2000",
        "  retryAttempts: 0",
        "  connectionMinimumIdleSize: 2",
        ""));
    return yaml;
  }

  private static String xCache(HttpResponse<?> response) {
    return response.headers().firstValue("X-Cache").orElseThrow();
  }

  /** What the server sent before it closed the connection, reset it, or went quiet. */
  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[256];
    try {
      for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
        received.write(buffer, 0, read);
      }
    } catch (SocketException | SocketTimeoutException endOfAnswer) {
      // Redis resets a connection that fails the TLS handshake; a plain server would keep it open.
    }
    return received.toString(US_ASCII);
  }
}
