package io.github.httpcache;

import io.github.httpcache.testing.RedisClusterFixture;
import io.github.httpcache.testing.RedisFixture;
import io.github.httpcache.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Redis deployment of each kind the filter supports, made of {@code redis-server} processes
 * this test starts on loopback (like the other fixtures), and the filter's own configuration keys
 * that reach it: no Redisson YAML. {@link #freeze()} takes away what holds the cache's data
 * (SIGSTOP: connections stay open, nothing answers), {@link #thaw()} brings it back, {@link
 * #close()} stops exactly the processes it started.
 */
abstract class TopologyUnderTest implements AutoCloseable {
  private static final Duration SETTLE_BUDGET = Duration.ofSeconds(30);

  /** What it is, for test output. */
  abstract String describe();

  /** The {@code redis.*} keys that point the filter at it. */
  abstract Map<String, String> filterKeys();

  /** Freezes every node the cache reads and writes (SIGSTOP). */
  abstract void freeze();

  /** Thaws what {@link #freeze()} froze (SIGCONT). */
  abstract void thaw();

  @Override
  public abstract void close();

  @Override
  public String toString() {
    return describe();
  }

  /** One plain {@code redis-server}: {@code redis.url}. */
  static TopologyUnderTest singleNode() {
    RedisFixture redis = RedisFixture.startProcess();
    return new TopologyUnderTest() {
      @Override
      String describe() {
        return "single node " + redis.url();
      }

      @Override
      Map<String, String> filterKeys() {
        return Map.of("redis.url", redis.url());
      }

      @Override
      void freeze() {
        redis.pause();
      }

      @Override
      void thaw() {
        redis.resume();
      }

      @Override
      public void close() {
        redis.close();
      }
    };
  }

  /** Three cluster-mode masters sharing the 16384 slots: {@code redis.cluster-nodes}; an outage freezes all three. */
  static TopologyUnderTest cluster() {
    RedisClusterFixture cluster = RedisClusterFixture.start(3);
    return new TopologyUnderTest() {
      @Override
      String describe() {
        return "3-master cluster " + cluster.nodes();
      }

      @Override
      Map<String, String> filterKeys() {
        return Map.of("redis.cluster-nodes", cluster.nodes());
      }

      @Override
      void freeze() {
        cluster.masters().forEach(RedisFixture::pause);
      }

      @Override
      void thaw() {
        cluster.masters().forEach(RedisFixture::resume);
      }

      @Override
      public void close() {
        cluster.close();
      }
    };
  }

  /**
   * A Sentinel group: a master, a replica in sync with it, and three Sentinels watching them
   * (quorum 2): {@code redis.sentinel-master} and {@code redis.sentinel-nodes}. An outage freezes
   * the master. The Sentinels are told to wait a minute before calling it down, so a freeze of a
   * few seconds is an outage of the master, never a failover: failover is not what this suite
   * checks, and a promotion at a moment that depends on the machine's speed would make it flaky.
   */
  static TopologyUnderTest sentinelGroup() {
    String masterName = "topologymaster";
    List<RedisFixture> started = new ArrayList<>();
    try {
      RedisFixture master = RedisFixture.startProcess();
      started.add(master);
      RedisFixture replica = RedisFixture.startProcess(
          List.of("--replicaof", master.host(), Integer.toString(master.port())));
      started.add(replica);
      await("the replica to sync with its master",
          () -> replica.command("INFO", "replication").contains("master_link_status:up"));
      List<RedisFixture> sentinels = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        RedisFixture sentinel = RedisFixture.startSentinel(masterName, master);
        started.add(sentinel);
        sentinels.add(sentinel);
        expectOk(sentinel.command("SENTINEL", "SET", masterName, "down-after-milliseconds", "60000"));
        expectOk(sentinel.command("SENTINEL", "SET", masterName, "quorum", "2"));
      }
      // Sentinels learn the replica from the master's INFO and each other over hello messages (every 2 s).
      await("the Sentinels to know the replica and each other", () -> sentinels.stream()
          .allMatch(sentinel -> sentinel.command("INFO", "sentinel").contains("slaves=1,sentinels=3")));
      String sentinelNodes = sentinels.stream().map(RedisFixture::url).collect(Collectors.joining(","));
      return new TopologyUnderTest() {
        @Override
        String describe() {
          return "Sentinel group " + masterName + " (master " + master.url() + ", replica " + replica.url()
              + ", Sentinels " + sentinelNodes + ")";
        }

        @Override
        Map<String, String> filterKeys() {
          return Map.of("redis.sentinel-master", masterName, "redis.sentinel-nodes", sentinelNodes);
        }

        @Override
        void freeze() {
          master.pause();
        }

        @Override
        void thaw() {
          master.resume();
        }

        @Override
        public void close() {
          closeInReverse(started);
        }
      };
    } catch (RuntimeException e) {
      closeInReverse(started);
      throw e;
    }
  }

  /**
   * A TLS-only {@code redis-server} with a certificate from a private CA made for this run and an
   * ACL user (its default user off): {@code redis.url = rediss://user:password@...} and the CA
   * given as {@code redis.tls.truststore}, a JKS trust store this method writes (the CA alone), with
   * {@code redis.tls.truststore-password}. Nothing is set on the JVM: the trust comes from the
   * product's own keys only.
   */
  static TopologyUnderTest tlsWithPrivateCa() {
    String user = "topologyuser";
    String password = "t0pology-s3cret";
    String storePassword = "jks-store-secret";
    Path directory;
    try {
      directory = Files.createTempDirectory("redis-tls-topology");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      TestCertificates certificates = TestCertificates.create(directory);
      Path truststore = writeJksTruststore(certificates.caCertificate(), directory.resolve("redis-ca.jks"),
          storePassword);
      RedisFixture redis = RedisFixture.startTls(certificates, user, password);
      String url = "rediss://" + user + ":" + password + "@127.0.0.1:" + redis.port();
      return new TopologyUnderTest() {
        @Override
        String describe() {
          return "TLS single node rediss://127.0.0.1:" + redis.port() + " (private CA, ACL user, JKS trust store)";
        }

        @Override
        Map<String, String> filterKeys() {
          return Map.of("redis.url", url,
              "redis.tls.truststore", truststore.toString(),
              "redis.tls.truststore-password", storePassword);
        }

        @Override
        void freeze() {
          redis.pause();
        }

        @Override
        void thaw() {
          redis.resume();
        }

        @Override
        public void close() {
          redis.close();
          deleteQuietly(directory);
        }
      };
    } catch (RuntimeException e) {
      deleteQuietly(directory);
      throw e;
    }
  }

  /** A JKS store trusting {@code caPem} and nothing else, as an operator would make it with keytool -importcert. */
  private static Path writeJksTruststore(Path caPem, Path store, String password) {
    try {
      Certificate ca;
      try (InputStream in = Files.newInputStream(caPem)) {
        ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      KeyStore jks = KeyStore.getInstance("JKS");
      jks.load(null, null);
      jks.setCertificateEntry("redis-private-ca", ca);
      try (OutputStream out = Files.newOutputStream(store)) {
        jks.store(out, password.toCharArray());
      }
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Could not write the JKS trust store " + store, e);
    }
  }

  private static void expectOk(String reply) {
    if (!"OK".equals(reply)) {
      throw new IllegalStateException("a Sentinel refused SENTINEL SET: " + reply);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + SETTLE_BUDGET.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // a node that does not answer yet is "not yet"
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
    throw new IllegalStateException("timed out after " + SETTLE_BUDGET.toSeconds() + " s waiting for " + what);
  }

  private static void closeInReverse(List<RedisFixture> started) {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
