package io.github.httpcache.store;

import io.github.httpcache.config.ConfigException;
import io.github.httpcache.config.ConfigKeys;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** What {@code rediss://} connections trust when a trust store is named: its CAs, and only those. */
final class TlsTrust {
  private TlsTrust() {}

  /** {@code redis.tls.truststore}: a JKS or PKCS12 file, its type found from its content. */
  static SSLSocketFactory load(String path, Optional<String> password) {
    try {
      char[] secret = password.map(String::toCharArray).orElse(null);
      return factory(KeyStore.getInstance(new File(path), secret));
    } catch (IOException | GeneralSecurityException e) {
      throw ConfigException.of(ConfigKeys.TLS_TRUSTSTORE, path,
          "not a JKS or PKCS12 trust store that " + (password.isPresent() ? "redis.tls.truststore-password" : "no password")
              + " opens (" + e.getMessage() + ")");
    }
  }

  /**
   * The trust store (and client certificate key store) a Redisson configuration names by URL
   * ({@code sslTruststore}, {@code sslKeystore}).
   */
  static SSLSocketFactory load(URL truststore, Optional<String> password, Optional<URL> keystore,
      Optional<String> keystorePassword, String origin) {
    try {
      KeyManagerFactory keys = null;
      if (keystore.isPresent()) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(read(keystore.get(), keystorePassword, origin), keystorePassword.map(String::toCharArray).orElse(null));
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(truststore == null ? null : read(truststore, password, origin));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new ConfigException(origin + ": its SSL settings cannot be used (" + e.getMessage() + ")");
    }
  }

  private static KeyStore read(URL location, Optional<String> password, String origin) {
    for (String type : new String[] {"PKCS12", "JKS"}) {
      try (InputStream in = location.openStream()) {
        KeyStore store = KeyStore.getInstance(type);
        store.load(in, password.map(String::toCharArray).orElse(null));
        return store;
      } catch (IOException | GeneralSecurityException e) {
        // the other type may read it; both failing is reported below
      }
    }
    throw new ConfigException(origin + ": " + location + " is not a JKS or PKCS12 store its password opens");
  }

  /**
   * What the JVM trusts, read now ({@code javax.net.ssl.trustStore} as it is at startup), not the
   * default context the JVM fixed the first time anything asked for it.
   */
  static SSLSocketFactory jvmDefault() {
    try {
      return factory(null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JVM's default TLS trust could not be loaded", e);
    }
  }

  private static SSLSocketFactory factory(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context.getSocketFactory();
  }
}
