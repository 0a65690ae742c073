package io.github.httpcache.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throwaway TLS material for a test Redis, made at test time in a directory the test owns: a CA, a
 * server certificate for {@code 127.0.0.1} and {@code localhost} signed by it, the server's key as
 * PEM (what {@code redis-server} reads) and a PKCS12 truststore holding only the CA (what a Java
 * client reads). Made with the JDK's own {@code keytool}, which is wherever the tests run.
 */
public final class TestCertificates {
  private static final long KEYTOOL_BUDGET_SECONDS = 60;
  private static final String STORE_PASSWORD = "throwaway-test-store";
  private static final String CA_KEYSTORE = "ca.p12";
  private static final String SERVER_KEYSTORE = "server.p12";

  private final Path directory;

  private TestCertificates(Path directory) {
    this.directory = directory;
  }

  /** Makes a new CA and server certificate in {@code directory}. */
  public static TestCertificates create(Path directory) {
    TestCertificates certificates = new TestCertificates(directory);
    try {
      certificates.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=http-cache test CA", "-ext", "bc:c", "-validity", "2",
          "-keystore", CA_KEYSTORE, "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
      certificates.keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=127.0.0.1", "-validity", "2",
          "-keystore", SERVER_KEYSTORE, "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
      certificates.keytool("-certreq", "-alias", "server", "-keystore", SERVER_KEYSTORE,
          "-storepass", STORE_PASSWORD, "-file", "server.csr");
      certificates.keytool("-gencert", "-alias", "ca", "-keystore", CA_KEYSTORE, "-storepass", STORE_PASSWORD,
          "-infile", "server.csr", "-outfile", "server.pem", "-rfc", "-validity", "2",
          "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "ku=digitalSignature", "-ext", "eku=serverAuth");
      certificates.keytool("-exportcert", "-alias", "ca", "-keystore", CA_KEYSTORE, "-storepass", STORE_PASSWORD,
          "-rfc", "-file", "ca.pem");
      certificates.writeServerKey();
      certificates.writeTruststore();
      return certificates;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Could not make test certificates in " + directory, e);
    }
  }

  public Path directory() {
    return directory;
  }

  /** The CA certificate, PEM. */
  public Path caCertificate() {
    return directory.resolve("ca.pem");
  }

  /** The server certificate (for 127.0.0.1 and localhost, signed by the CA), PEM. */
  public Path serverCertificate() {
    return directory.resolve("server.pem");
  }

  /** The server's private key, unencrypted PKCS#8 PEM. */
  public Path serverKey() {
    return directory.resolve("server.key");
  }

  /** A PKCS12 truststore that trusts the CA and nothing else. */
  public Path truststore() {
    return directory.resolve("truststore.p12");
  }

  public String truststorePassword() {
    return STORE_PASSWORD;
  }

  /** A client TLS context that trusts the CA and nothing else. */
  public SSLContext clientContext() {
    try (InputStream in = Files.newInputStream(truststore())) {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(in, STORE_PASSWORD.toCharArray());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Could not load the test truststore " + truststore(), e);
    }
  }

  private void writeServerKey() throws IOException, GeneralSecurityException {
    KeyStore server = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(directory.resolve(SERVER_KEYSTORE))) {
      server.load(in, STORE_PASSWORD.toCharArray());
    }
    Key key = server.getKey("server", STORE_PASSWORD.toCharArray());
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    Files.writeString(serverKey(), "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
  }

  private void writeTruststore() throws IOException, GeneralSecurityException {
    Certificate ca;
    try (InputStream in = Files.newInputStream(caCertificate())) {
      ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("http-cache-test-ca", ca);
    try (OutputStream out = Files.newOutputStream(truststore())) {
      trusted.store(out, STORE_PASSWORD.toCharArray());
    }
  }

  private void keytool(String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    Path log = directory.resolve("keytool.log");
    Process process = new ProcessBuilder(command)
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    try {
      if (!process.waitFor(KEYTOOL_BUDGET_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool " + arguments[0] + " did not finish within " + KEYTOOL_BUDGET_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while keytool ran", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", arguments) + " failed with " + process.exitValue()
          + ":\n" + Files.readString(log));
    }
  }
}
