package io.github.httpcache.launcher;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the launcher reads from its environment: the HTTP port, an external Redis URL if one is
 * configured, and whether an admin token is set.
 *
 * @param redisUrl empty when none is configured, so the launcher starts an embedded Redis
 */
record LauncherSettings(int port, Optional<String> redisUrl, AdminAccess adminAccess) {

  static final String PORT = "PORT";
  static final int DEFAULT_PORT = 8080;
  static final String REDIS_URL_PROPERTY = "redis.url";
  /** Also the system property the launcher sets, which the webapp's web.xml placeholder reads. */
  static final String REDIS_URL = "REDIS_URL";
  static final String CACHE_ADMIN_TOKEN = "CACHE_ADMIN_TOKEN";

  /**
   * Redis: system property {@code redis.url}, then system property and environment variable
   * {@code REDIS_URL}; the admin token as the filter resolves it (system property, then environment).
   *
   * @throws IllegalArgumentException naming the variable, the value and what was expected
   */
  static LauncherSettings resolve(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    Optional<String> redisUrl = firstSet(systemProperties.apply(REDIS_URL_PROPERTY),
        systemProperties.apply(REDIS_URL), environment.apply(REDIS_URL));
    Optional<String> adminToken = firstSet(systemProperties.apply(CACHE_ADMIN_TOKEN),
        environment.apply(CACHE_ADMIN_TOKEN));
    return new LauncherSettings(parsePort(environment.apply(PORT)), redisUrl,
        AdminAccess.forToken(adminToken.orElse(null)));
  }

  /** Unset or blank means 8080; 0 means any free port. */
  static int parsePort(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value.strip());
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below with the same message as an out-of-range number.
    }
    throw new IllegalArgumentException(PORT + " = \"" + value
        + "\": expected a TCP port from 1 to 65535 (or 0 for any free port), such as 8080");
  }

  /** The URL with any password replaced, so it can be logged. */
  static String forLog(String redisUrl) {
    try {
      URI uri = new URI(redisUrl);
      if (uri.getUserInfo() == null) {
        return redisUrl;
      }
      return new URI(uri.getScheme(), "***", uri.getHost(), uri.getPort(), uri.getPath(),
          uri.getQuery(), uri.getFragment()).toString();
    } catch (URISyntaxException e) {
      return "(unparseable Redis URL)";
    }
  }

  private static Optional<String> firstSet(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return Optional.of(value.strip());
      }
    }
    return Optional.empty();
  }
}
