package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.config.CookieRule;
import io.github.httpcache.config.Route;
import io.github.httpcache.config.TargetedFields;
import io.github.httpcache.policy.FreshnessStrategy.Lifetime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 9213 targeted fields and RFC 5861 origin grace, one row per rule: a response's header lines
 * (separated by {@code " / "}), what this cache reads as its Cache-Control, and what the origin
 * freshness strategy then decides: store or not, the lifetime and how long Redis keeps the entry.
 */
class TargetedCacheControlTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final String DATE = "Sun, 06 Dec 2026 12:00:00 GMT";
  private static final String IN_AN_HOUR = "Sun, 06 Dec 2026 13:00:00 GMT";
  private static final String A_DAY_AGO = "Sat, 05 Dec 2026 12:00:00 GMT";

  private static Route route(String options) {
    Map<String, String> entries = new HashMap<>(Map.of("route.r.path", "/page", "cache.freshness", "origin"));
    for (String option : TestHeaders.lines(options)) {
      int equals = option.indexOf('=');
      String key = option.substring(0, equals).trim();
      entries.put(key.startsWith("cache.") ? key : "route.r." + key, option.substring(equals + 1).trim());
    }
    return ConfigParser.parse(entries).routeTable().routes().get(0);
  }

  /** Header lines by lower-case name; a pseudo-header's name keeps its colon; (empty) is an empty value. */
  private static Map<String, List<String>> response(String lines) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String expanded = lines.replace("{date}", DATE).replace("{in-an-hour}", IN_AN_HOUR).replace("{a-day-ago}", A_DAY_AGO).replace("(empty)", "");
    for (String line : TestHeaders.lines(expanded)) {
      int colon = line.indexOf(':', 1);
      headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
          .add(line.substring(colon + 1).strip());
    }
    return headers;
  }

  @ParameterizedTest(name = "[{index}] {0} ({1}) -> Cache-Control {2}, Expires {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # response header lines                                   | settings                                      | Cache-Control read     | Expires read
      Cache-Control: max-age=60                                    | ''                                            | max-age=60             | -
      Cache-Control: no-store / CDN-Cache-Control: max-age=3600    | ''                                            | max-age=3600           | -
      Cache-Control: max-age=3600 / CDN-Cache-Control: no-store    | ''                                            | no-store               | -
      Expires: {in-an-hour} / CDN-Cache-Control: private           | ''                                            | private                | -
      Expires: {in-an-hour} / Cache-Control: max-age=1             | ''                                            | max-age=1              | {in-an-hour}
      CDN-Cache-Control: foobar, max-age=3600                      | ''                                            | foobar, max-age=3600   | -
      CDN-Cache-Control: max-age="3600" / Cache-Control: no-store  | ''                                            | -                      | -
      CDN-Cache-Control: max-age=-1, private                       | ''                                            | private                | -
      CDN-Cache-Control: no-store=?0, max-age=60                   | ''                                            | max-age=60             | -
      CDN-Cache-Control: no-cache="set-cookie"                     | ''                                            | no-cache               | -
      CDN-Cache-Control: max-age=10000, &&&&& / Cache-Control: no-store | ''                                       | no-store               | -
      CDN-Cache-Control: MaX-aGe=3600 / Cache-Control: max-age=1   | ''                                            | max-age=1              | -
      CDN-Cache-Control: max-age =100 / Cache-Control: max-age=1   | ''                                            | max-age=1              | -
      CDN-Cache-Control: (empty) / Cache-Control: max-age=1        | ''                                            | max-age=1              | -
      :cdn-cache-control: max-age=3600 / Cache-Control: no-store   | ''                                            | max-age=3600           | -
      CDN-Cache-Control: max-age=3600 / Cache-Control: no-store    | cache.targeted-fields=none                    | no-store               | -
      My-CC: no-store / CDN-Cache-Control: max-age=3600            | cache.targeted-fields=My-CC, CDN-Cache-Control | no-store              | -
      My-CC: max-age=1 oops / CDN-Cache-Control: max-age=3600      | cache.targeted-fields=My-CC, CDN-Cache-Control | max-age=3600          | -
      My-CC: no-store / CDN-Cache-Control: max-age=3600            | cache.targeted-fields=CDN-Cache-Control       | max-age=3600           | -
      """)
  void aValidTargetedFieldReplacesCacheControlAndExpires(String lines, String settings, String cacheControl,
      String expires) {
    Map<String, List<String>> read = TargetedCacheControl.forThisCache(response(lines), route(settings).targeted());

    assertEquals(cacheControl, String.join(", ", read.getOrDefault("cache-control", List.of("-"))));
    assertEquals(expires.replace("{in-an-hour}", IN_AN_HOUR), read.getOrDefault("expires", List.of("-")).get(0));
  }

  @ParameterizedTest(name = "[{index}] route {1}: {0} -> {2}, lifetime {3}s, kept {4}s")
  @CsvSource(delimiter = '|', textBlock = """
      # response header lines                                               | route options                | decision          | lifetime | keep
      Cache-Control: max-age=60                                                | ''                           | STORE             | 60       | 60
      Cache-Control: no-store / CDN-Cache-Control: max-age=3600                | ''                           | STORE             | 3600     | 3600
      Cache-Control: max-age=3600 / CDN-Cache-Control: no-store                | ''                           | SKIP_NO_STORE     | -        | -
      Cache-Control: max-age=10000 / CDN-Cache-Control: private                | ''                           | SKIP_PRIVATE      | -        | -
      Cache-Control: max-age=10000 / CDN-Cache-Control: no-cache / ETag: "a"   | ''                           | STORE             | 0        | 3600
      Cache-Control: max-age=3600 / CDN-Cache-Control: max-age=1               | ''                           | STORE             | 1        | 1
      Date: {date} / Expires: {in-an-hour} / CDN-Cache-Control: max-age=0      | ''                           | SKIP_NO_FRESHNESS | -        | -
      CDN-Cache-Control: max-age=10000, &&&&& / Cache-Control: no-store        | ''                           | SKIP_NO_STORE     | -        | -
      CDN-Cache-Control: max-age="10000" / Cache-Control: max-age=60           | ''                           | SKIP_NO_FRESHNESS | -        | -
      Cache-Control: max-age=60, stale-while-revalidate=30                     | ''                           | STORE             | 60       | 90
      Cache-Control: max-age=60, stale-if-error=300                            | ''                           | STORE             | 60       | 360
      Cache-Control: max-age=60, stale-while-revalidate=30                     | stale-while-revalidate=2m    | STORE             | 60       | 180
      Cache-Control: max-age=60, stale-while-revalidate=300                    | stale-if-error=2m            | STORE             | 60       | 360
      Cache-Control: max-age=60, stale-if-error=300, must-revalidate           | ''                           | STORE             | 60       | 60
      Date: {date} / Last-Modified: {a-day-ago}                                | ''                           | SKIP_NO_FRESHNESS | -        | -
      Date: {date} / Last-Modified: {a-day-ago}                                | cache.heuristic-freshness=10% | STORE            | 8640     | 12240
      Date: {date} / Last-Modified: {a-day-ago}                                | cache.heuristic-freshness=10% / cache.heuristic-max=1h | STORE | 3600 | 7200
      Date: {date} / Last-Modified: {a-day-ago}                                | cache.heuristic-freshness=10% / ttl=60s | STORE  | 60       | 3660
      Date: {date} / Last-Modified: {a-day-ago} / CDN-Cache-Control: max-age=5 | cache.heuristic-freshness=10% | STORE            | 5        | 3605
      Date: {date} / Last-Modified: {a-day-ago} / Cache-Control: max-age=0     | cache.heuristic-freshness=10% | STORE            | 0        | 3600
      Cache-Control: max-age=60, stale-if-error=x                              | ''                           | STORE             | 60       | 60
      CDN-Cache-Control: max-age=60, stale-while-revalidate=30 / Cache-Control: no-store | ''               | STORE             | 60       | 90
      Cache-Control: max-age=60, stale-while-revalidate=30 / CDN-Cache-Control: max-age=60 | ''             | STORE             | 60       | 60
      """)
  void theOriginStrategyDecidesOnWhatThisCacheReads(String lines, String options, String decision, String lifetime,
      String keep) {
    Route route = route(options);
    FreshnessStrategy origin = FreshnessStrategy.of(route);
    Map<String, List<String>> headers = response(lines);
    StoreDecision stored = origin.storeDecision(Map.of(), new ResponseFacts(200, headers, ResponseFacts.BodyCapture.COMPLETE),
        Sharing.SHARED, CookieRule.UNDECLARED);
    Lifetime life = origin.lifetime(200, headers, route, NOW.toEpochMilli(), NOW, Duration.ofHours(1));
    // As a fill decides: storable, but of no use for any time at all, is not stored.
    String decided = stored != StoreDecision.STORE ? stored.name()
        : life.keep().isZero() ? StoreDecision.SKIP_NO_FRESHNESS.name() : stored.name();

    assertEquals(decision, decided);
    assertEquals(lifetime, decided.equals("STORE") ? Long.toString(life.lifetime().toSeconds()) : "-");
    assertEquals(keep, decided.equals("STORE") ? Long.toString(life.keep().toSeconds()) : "-");
  }

  @ParameterizedTest(name = "[{index}] {0} ({1}) -> stored as {2}")
  @CsvSource(delimiter = '|', textBlock = """
      CDN-Cache-Control: max-age=60 / Cache-Control: no-store      | ''                                     | :cdn-cache-control: max-age=60 / cache-control: no-store
      CDN-Cache-Control: max-age=60                                | cache.forward-targeted-fields=true     | cdn-cache-control: max-age=60
      My-CC: max-age=60 / CDN-Cache-Control: private               | cache.targeted-fields=My-CC, CDN-Cache-Control | :my-cc: max-age=60 / :cdn-cache-control: private
      :cdn-cache-control: max-age=0 / CDN-Cache-Control: max-age=60 | ''                                    | :cdn-cache-control: max-age=60
      """)
  void hiddenTargetedFieldsAreStoredAsPseudoHeaders(String lines, String settings, String expected) {
    TargetedFields targeted = route(settings).targeted();

    Map<String, List<String>> stored = TargetedCacheControl.asStored(response(lines), targeted);

    assertEquals(response(expected), Map.copyOf(stored));
  }
}
