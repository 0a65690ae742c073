package io.github.httpcache.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a {@code redis://} or {@code rediss://} URL. Parsed by text rather than with
 * {@code java.net.URI}, which refuses hosts with {@code _} (docker-compose service names) and
 * unencoded {@code @} in passwords.
 */
public record RedisAddress(String scheme, String host, int port, Optional<String> username,
    Optional<String> password, int database) {
  private static final Pattern URL =
      Pattern.compile("(rediss?)://(?:(.*)@)?([A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.]+])(?::(\\d{1,5}))?(?:/(\\d{1,5})?)?");

  private static final Pattern MASTER_NAME = Pattern.compile("[A-Za-z0-9._\\-]+");

  /** Parses {@code url}; errors name {@code key} and show the URL with its password masked. */
  public static RedisAddress parse(String key, String url) {
    Matcher matcher = URL.matcher(url.trim());
    if (!matcher.matches()) {
      throw ConfigException.of(key, CacheSettings.maskPassword(url),
          "expected redis://host:port or rediss://host:port, optionally with user:password@ and /database");
    }
    return of(key, url, matcher);
  }

  /**
   * A Sentinel group's master: its name ({@code cachemaster}), or a URL with the name in the
   * host's place and no port, for the data nodes' credentials, database and TLS
   * ({@code rediss://app:secret@cachemaster/2}). The port of the result is 0: Sentinel tells it.
   */
  public static RedisAddress parseMasterName(String key, String value) {
    String text = value.trim();
    if (MASTER_NAME.matcher(text).matches()) {
      return new RedisAddress("redis", text, 0, Optional.empty(), Optional.empty(), 0);
    }
    Matcher matcher = URL.matcher(text);
    if (!matcher.matches() || matcher.group(4) != null) {
      throw ConfigException.of(key, CacheSettings.maskPassword(value),
          "expected the master's name, such as cachemaster, or redis[s]://[user:password@]name[/database] with no port");
    }
    RedisAddress parsed = of(key, text, matcher);
    return new RedisAddress(parsed.scheme, parsed.host, 0, parsed.username, parsed.password, parsed.database);
  }

  private static RedisAddress of(String key, String url, Matcher matcher) {
    int port = matcher.group(4) == null ? 6379 : Integer.parseInt(matcher.group(4));
    if (port < 1 || port > 65_535) {
      throw ConfigException.of(key, CacheSettings.maskPassword(url), "expected a port from 1 to 65535");
    }
    Optional<String> username = Optional.empty();
    Optional<String> password = Optional.empty();
    String userInfo = matcher.group(2);
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? "" : decode(userInfo.substring(0, colon));
      username = user.isEmpty() ? Optional.empty() : Optional.of(user);
      password = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(colon + 1)));
    }
    int database = matcher.group(5) == null ? 0 : Integer.parseInt(matcher.group(5));
    return new RedisAddress(matcher.group(1), matcher.group(3), port, username, password, database);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notEncoded) {
      return text;
    }
  }

  /** Whether connections to this address use TLS ({@code rediss://}). */
  public boolean tls() {
    return scheme.equals("rediss");
  }

  /** {@code redis://host:port}, the form Redisson's address setting takes (no credentials, no database). */
  public String serverAddress() {
    return scheme + "://" + host + ":" + port;
  }

  @Override
  public String toString() {
    return serverAddress() + (password.isPresent() ? " (with password)" : "") + "/" + database;
  }
}
