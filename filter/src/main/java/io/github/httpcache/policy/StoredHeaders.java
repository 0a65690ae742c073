package io.github.httpcache.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which response headers an entry keeps. Hop-by-hop fields (RFC 9110 §7.6.1) belong to one
 * connection; {@code Date}, {@code Content-Length} and the cache's own headers are recomputed when
 * the entry is served; {@code Set-Cookie} is never shared.
 */
public final class StoredHeaders {
  private static final Set<String> NOT_STORED = Set.of(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
      "te", "trailer", "transfer-encoding", "upgrade",
      "date", "content-length", "set-cookie", "age", "x-cache", "cache-status");

  private StoredHeaders() {}

  public static boolean isStored(String name) {
    return !NOT_STORED.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Lower-case names the {@code Connection} field lists: hop-by-hop for this connection only (RFC 9110 §7.6.1). */
  public static Set<String> connectionOptions(List<String> connectionFieldLines) {
    Set<String> names = new HashSet<>();
    for (String line : connectionFieldLines) {
      for (String member : line.split(",")) {
        if (!member.isBlank()) {
          names.add(member.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }
}
