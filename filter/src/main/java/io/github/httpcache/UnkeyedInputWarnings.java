package io.github.httpcache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One WARN per route and input per minute: a page that reads an unkeyed input on every fill must not flood the log. */
final class UnkeyedInputWarnings {
  private static final Logger log = LoggerFactory.getLogger(UnkeyedInputWarnings.class);
  private static final long INTERVAL_MILLIS = 60_000;

  private final Map<String, Long> lastWarned = new ConcurrentHashMap<>();

  void warn(String route, String input, boolean refused) {
    long now = System.currentTimeMillis();
    String pair = route + "\n" + input;
    Long last = lastWarned.get(pair);
    if (last != null && now - last < INTERVAL_MILLIS) {
      return;
    }
    lastWarned.put(pair, now);
    log.warn("Route {}: a page read the request's {}, which its key does not hold; {}. If it does not shape the page, "
        + "declare route.{}.inputs.ignore = {}; if it does, key on it with route.{}.vary = {}", route, input,
        refused ? "it is not stored" : "stored anyway (inputs = warn)", route, input, route, input);
  }
}
