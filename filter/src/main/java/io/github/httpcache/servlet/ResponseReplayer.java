package io.github.httpcache.servlet;

import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.StoredHeader;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Writes a stored entry to the client as a hit, with {@code Age} and {@code X-Cache}. */
public final class ResponseReplayer {
  public static final String X_CACHE = "X-Cache";

  private ResponseReplayer() {}

  /** Replays {@code entry}; a HEAD request gets the headers and Content-Length but no body. */
  public static void replay(CachedResponse entry, String method, Instant now, HttpServletResponse response)
      throws IOException {
    response.setStatus(entry.status());
    Set<String> replayed = new HashSet<>();
    for (StoredHeader header : entry.headers()) {
      if (header.name().equalsIgnoreCase("Content-Type")) {
        response.setContentType(header.value());
      } else if (replayed.add(header.name().toLowerCase(Locale.ROOT))) {
        // The first value replaces what the container preset (such as Server), so nothing doubles.
        response.setHeader(header.name(), header.value());
      } else {
        response.addHeader(header.name(), header.value());
      }
    }
    response.setHeader(X_CACHE, "HIT");
    // RFC 9111 §5.1: the time since the entry was stored.
    response.setHeader("Age", Long.toString(entry.ageSeconds(now)));
    response.setContentLength(entry.body().length);
    if (!method.equals("HEAD")) {
      response.getOutputStream().write(entry.body());
    }
  }
}
