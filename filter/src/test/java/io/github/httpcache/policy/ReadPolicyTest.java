package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.config.Route;
import io.github.httpcache.key.QueryString;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.StoredHeader;
import io.github.httpcache.store.VariantIndex;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every read rule as a row: the route, the request, what the lookup found, and what the policy
 * decides. Entries are 60 s fresh; "age" is seconds since they were stored, so 70 is 10 s stale.
 * Unless a row says otherwise an entry was filled for the request's own origin, http://example.com:80.
 * Route options starting with {@code cache.} are global settings ({@code cache.targeted-fields}).
 */
class ReadPolicyTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final String HOME = "http://example.com:80";

  private static Route route(String options) {
    Map<String, String> entries = new HashMap<>(Map.of("route.r.path", "/page", "route.r.ttl", "60s"));
    for (String option : split(options, ";")) {
      int equals = option.indexOf('=');
      String key = option.substring(0, equals).trim();
      entries.put(key.startsWith("cache.") ? key : "route.r." + key, option.substring(equals + 1).trim());
    }
    return ConfigParser.parse(entries).routeTable().routes().get(0);
  }

  private static List<String> split(String cell, String separator) {
    List<String> parts = new ArrayList<>();
    for (String part : cell.split(separator)) {
      if (!part.isBlank()) {
        parts.add(part.trim());
      }
    }
    return parts;
  }

  /**
   * {@code GET}, {@code HEAD}, plus header lines such as {@code host: evil.example ; cookie: lang=fr};
   * {@code sent-as: /page,x} says the path was sent otherwise than the key holds it.
   */
  private static RequestFacts request(String method, String headerLines) {
    Map<String, String> headers = new HashMap<>();
    String host = "example.com";
    boolean asKeyed = true;
    for (String line : split(headerLines, ";")) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equals("host")) {
        host = value;
      } else if (name.equals("sent-as")) {
        asKeyed = false;
      } else {
        headers.put(name, value);
      }
    }
    return new RequestFacts(method, "/page", QueryString.parse(null), headers, Optional.empty(),
        new RequestOrigin("http", host, 80), asKeyed);
  }

  /** An entry with header lines (separated by {@code /}) stored {@code age} seconds ago, fresh for 60 s. */
  private static CachedResponse entry(String headerLines, long age) {
    List<StoredHeader> headers = new ArrayList<>();
    boolean recordsOrigin = false;
    for (String line : split(headerLines, " / ")) {
      int colon = line.indexOf(':', 1);
      headers.add(new StoredHeader(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
      recordsOrigin |= line.startsWith(":origin");
    }
    if (!recordsOrigin) {
      headers.add(new StoredHeader(VariantDimensions.ORIGIN, HOME));
    }
    byte[] body = "body".getBytes(StandardCharsets.UTF_8);
    return new CachedResponse(200, headers, body, NOW.minusSeconds(age), Duration.ofSeconds(60), "\"e\"",
        CachedResponse.BodyEncoding.AS_SENT, body.length);
  }

  private static Found found(String kind, String entryHeaders, long age) {
    Optional<VariantIndex> index = kind.endsWith("+index")
        ? Optional.of(new VariantIndex(List.of("accept-language"), 7)) : Optional.empty();
    return switch (kind.replace("+index", "")) {
      case "unavailable" -> new Found.Unavailable();
      case "nothing" -> new Found.Nothing(3, index);
      case "entry" -> new Found.Entry(entry(entryHeaders, age), 3, index, false);
      case "near" -> new Found.Entry(entry(entryHeaders, age), 0, index, true);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** A decision as the table spells it. */
  private static String describe(ReadDecision decision) {
    if (decision instanceof ReadDecision.Bypass bypass) {
      return "bypass " + bypass.reason();
    } else if (decision instanceof ReadDecision.Collapse collapse) {
      return "collapse " + collapse.reason();
    } else if (decision instanceof ReadDecision.Serve serve) {
      return (serve.near() ? "serve near" : "serve") + part(serve.part());
    } else if (decision instanceof ReadDecision.ServeStale stale) {
      return "serve-stale" + shape(stale.shape());
    } else if (decision instanceof ReadDecision.Revalidate revalidate) {
      return "revalidate " + revalidate.validators().keySet().stream().sorted().toList()
          + (revalidate.staleIfError().isPresent() ? " stale-if-error" : "") + shape(revalidate.shape());
    } else if (decision instanceof ReadDecision.UpdateFromHead head) {
      return "update-from-head" + shape(head.shape());
    } else if (decision instanceof ReadDecision.Fill fill) {
      return "fill " + CacheStatusHeaders.forwarded(fill.forward(), null).substring("http-cache; fwd=".length())
          + (fill.staleIfError().isPresent() ? " stale-if-error" : "") + shape(fill.shape());
    }
    return "forward-only";
  }

  private static String part(ByteRanges.Selection part) {
    if (part instanceof ByteRanges.Part bytes) {
      return " 206 " + bytes.contentRange();
    } else if (part instanceof ByteRanges.Unsatisfiable none) {
      return " 416 " + none.contentRange();
    }
    return part.equals(ByteRanges.NO_RANGE) ? "" : " whole (" + ((ByteRanges.Whole) part).reason() + ")";
  }

  private static String shape(ReadDecision.FillShape shape) {
    return (shape.coalesce() ? " coalesce" : "") + (shape.conditional() ? " conditional" : "")
        + (shape.promoted().isEmpty() ? "" : " vary" + shape.promoted());
  }

  @ParameterizedTest(name = "[{index}] route {0}; {1} {2}; found {3} {4} age {5} -> {6}")
  @CsvSource(delimiter = '|', textBlock = """
      # route options                     | method | request headers                 | found         | entry headers                                   | age | decision
      ''                                  | GET    | ''                              | unavailable   | ''                                              | 0   | collapse store-unavailable
      ''                                  | HEAD   | ''                              | unavailable   | ''                                              | 0   | bypass store-unavailable
      ''                                  | GET    | range: bytes=0-1                | unavailable   | ''                                              | 0   | bypass store-unavailable
      freshness=origin                    | GET    | if-none-match: "a"              | unavailable   | ''                                              | 0   | bypass store-unavailable
      freshness=origin                    | GET    | authorization: Bearer x         | unavailable   | ''                                              | 0   | bypass store-unavailable
      ''                                  | GET    | ''                              | nothing       | ''                                              | 0   | fill uri-miss coalesce
      ''                                  | GET    | sent-as: /page,x                | nothing       | ''                                              | 0   | bypass path
      ''                                  | GET    | sent-as: /page,x                | entry         | ''                                              | 10  | serve
      ''                                  | GET    | sent-as: /page,x                | entry         | ''                                              | 70  | bypass path
      ''                                  | GET    | sent-as: /page,x ; host: evil.example | entry   | ''                                              | 10  | bypass path
      ''                                  | GET    | sent-as: /page,x                | unavailable   | ''                                              | 0   | bypass path
      ''                                  | HEAD   | sent-as: /page,x                | nothing       | ''                                              | 0   | forward-only
      stale-while-revalidate=30s          | GET    | sent-as: /page,x                | entry         | ''                                              | 70  | bypass path
      freshness=origin                    | GET    | sent-as: /page,x                | entry         | ETag: "v1"                                      | 70  | bypass path
      ''                                  | HEAD   | ''                              | nothing       | ''                                              | 0   | forward-only
      ''                                  | GET    | ''                              | nothing+index | ''                                              | 0   | fill vary-miss
      ''                                  | GET    | ''                              | entry         | ''                                              | 10  | serve
      ''                                  | HEAD   | ''                              | entry         | ''                                              | 10  | serve
      ''                                  | GET    | ''                              | near          | ''                                              | 10  | serve near
      ''                                  | GET    | ''                              | entry+index   | ''                                              | 10  | serve
      ''                                  | GET    | host: evil.example              | entry         | ''                                              | 10  | fill vary-miss coalesce vary[:origin]
      ''                                  | GET    | host: evil.example              | near          | ''                                              | 10  | fill vary-miss coalesce vary[:origin]
      ''                                  | GET    | ''                              | entry         | :origin: https://example.com:443                | 10  | fill vary-miss coalesce vary[:origin]
      ''                                  | GET    | ''                              | entry         | :origin: http://example.com:8080                | 10  | fill vary-miss coalesce vary[:origin]
      ''                                  | GET    | host: evil.example              | entry+index   | ''                                              | 10  | fill vary-miss vary[:origin]
      cookies=key:lang                    | GET    | cookie: lang=fr                 | nothing       | ''                                              | 0   | fill uri-miss coalesce vary[:cookies]
      cookies=key:lang                    | GET    | cookie: lang=fr                 | entry         | :cookies: lang=fr                               | 10  | serve
      cookies=key:lang                    | GET    | cookie: lang=en                 | entry         | :cookies: lang=fr                               | 10  | fill vary-miss coalesce vary[:cookies]
      cookies=key:lang                    | GET    | ''                              | entry         | :cookies: lang=fr                               | 10  | fill vary-miss coalesce vary[:cookies]
      ''                                  | GET    | ''                              | entry         | ''                                              | 70  | fill stale coalesce
      stale-while-revalidate=30s          | GET    | ''                              | entry         | ''                                              | 70  | serve-stale coalesce
      stale-while-revalidate=30s          | HEAD   | ''                              | entry         | ''                                              | 70  | serve-stale
      stale-while-revalidate=30s          | GET    | ''                              | entry         | ''                                              | 95  | fill stale coalesce
      stale-if-error=5m                   | GET    | ''                              | entry         | ''                                              | 95  | fill stale stale-if-error coalesce
      stale-if-error=5m                   | GET    | ''                              | entry         | ''                                              | 400 | fill stale coalesce
      stale-if-error=5m                   | HEAD   | ''                              | entry         | ''                                              | 95  | forward-only
      freshness=origin                    | GET    | ''                              | entry         | Cache-Control: max-age=60                       | 10  | serve
      freshness=origin                    | GET    | ''                              | entry         | ETag: "v1"                                      | 70  | revalidate [if-none-match] coalesce
      freshness=origin                    | GET    | ''                              | entry         | Last-Modified: Sat, 05 Dec 2026 12:00:00 GMT    | 70  | revalidate [if-modified-since] coalesce
      freshness=origin                    | HEAD   | ''                              | entry         | ETag: "v1"                                      | 70  | update-from-head
      freshness=origin                    | HEAD   | ''                              | entry         | Cache-Control: max-age=60                       | 70  | update-from-head
      freshness=origin                    | HEAD   | ''                              | entry         | Cache-Control: max-age=60                       | 10  | serve
      freshness=origin                    | HEAD   | ''                              | entry         | Cache-Control: must-revalidate                  | 70  | update-from-head
      freshness=origin                    | HEAD   | ''                              | nothing       | ''                                              | 0   | forward-only
      ''                                  | HEAD   | ''                              | entry         | ETag: "v1"                                      | 70  | forward-only
      freshness=origin ; stale-if-error=5m | GET   | ''                              | entry         | ETag: "v1"                                      | 95  | revalidate [if-none-match] stale-if-error coalesce
      freshness=origin ; stale-while-revalidate=1m | GET | ''                      | entry         | ETag: "v1"                                      | 70  | serve-stale coalesce
      freshness=origin ; stale-while-revalidate=1m | GET | ''                      | entry         | Cache-Control: must-revalidate / ETag: "v1"     | 70  | revalidate [if-none-match] coalesce
      freshness=origin ; stale-while-revalidate=1m | GET | ''                      | entry         | Cache-Control: no-cache                         | 70  | fill stale coalesce
      freshness=origin ; stale-if-error=5m | GET   | ''                              | entry         | Cache-Control: s-maxage=60                      | 95  | fill stale coalesce
      ''                                  | GET    | ''                              | entry         | ETag: "v1"                                      | 70  | fill stale coalesce
      freshness=origin                    | GET    | ''                              | entry         | Cache-Control: stale-while-revalidate=30        | 70  | serve-stale coalesce
      freshness=origin                    | HEAD   | ''                              | entry         | Cache-Control: stale-while-revalidate=30        | 70  | serve-stale
      freshness=origin                    | GET    | ''                              | entry         | Cache-Control: stale-while-revalidate=30        | 95  | fill stale coalesce
      freshness=origin                    | GET    | ''                              | entry         | Cache-Control: stale-while-revalidate=30 / ETag: "v1" | 95 | revalidate [if-none-match] coalesce
      freshness=origin                    | GET    | ''                              | entry         | Cache-Control: stale-while-revalidate=x         | 70  | fill stale coalesce
      freshness=origin                    | GET    | ''                              | entry         | Cache-Control: stale-while-revalidate=30, must-revalidate | 70 | fill stale coalesce
      freshness=origin                    | GET    | ''                              | entry         | Cache-Control: stale-while-revalidate=30, s-maxage=60 | 70 | fill stale coalesce
      freshness=origin ; stale-while-revalidate=1m | GET | ''                      | entry         | Cache-Control: stale-while-revalidate=10        | 95  | serve-stale coalesce
      freshness=origin ; stale-while-revalidate=10s | GET | ''                     | entry         | Cache-Control: stale-while-revalidate=60        | 95  | serve-stale coalesce
      freshness=origin                    | GET    | ''                              | entry         | Cache-Control: stale-if-error=300               | 95  | fill stale stale-if-error coalesce
      freshness=origin                    | GET    | ''                              | entry         | Cache-Control: stale-if-error=300 / ETag: "v1"  | 95  | revalidate [if-none-match] stale-if-error coalesce
      freshness=origin                    | GET    | ''                              | entry         | Cache-Control: stale-if-error=300               | 400 | fill stale coalesce
      freshness=origin ; stale-if-error=10m | GET  | ''                              | entry         | Cache-Control: stale-if-error=5                 | 400 | fill stale stale-if-error coalesce
      freshness=origin                    | GET    | ''                              | entry         | Cache-Control: stale-if-error=300, proxy-revalidate | 95 | fill stale coalesce
      ''                                  | GET    | ''                              | entry         | Cache-Control: stale-while-revalidate=30        | 70  | fill stale coalesce
      ''                                  | GET    | ''                              | entry         | Cache-Control: stale-if-error=300               | 95  | fill stale coalesce
      freshness=origin                    | GET    | ''                              | entry         | CDN-Cache-Control: stale-while-revalidate=30    | 70  | serve-stale coalesce
      freshness=origin                    | GET    | ''                              | entry         | :cdn-cache-control: stale-while-revalidate=30   | 70  | serve-stale coalesce
      freshness=origin                    | GET    | ''                              | entry         | Cache-Control: stale-while-revalidate=30 / CDN-Cache-Control: max-age=60 | 70 | fill stale coalesce
      freshness=origin ; stale-while-revalidate=1m | GET | ''                      | entry         | CDN-Cache-Control: must-revalidate / ETag: "v1" | 70  | revalidate [if-none-match] coalesce
      freshness=origin ; stale-while-revalidate=1m | GET | ''                      | entry         | :cdn-cache-control: no-cache                    | 70  | fill stale coalesce
      freshness=origin ; stale-while-revalidate=1m | GET | ''                      | entry         | Cache-Control: must-revalidate / CDN-Cache-Control: max-age=60 | 70 | serve-stale coalesce
      freshness=origin ; stale-while-revalidate=1m | GET | ''                      | entry         | Cache-Control: must-revalidate / CDN-Cache-Control: max-age=60, &&& | 70 | fill stale coalesce
      freshness=origin ; stale-while-revalidate=1m ; cache.targeted-fields=none | GET | '' | entry | Cache-Control: must-revalidate / CDN-Cache-Control: max-age=60 | 70 | fill stale coalesce
      freshness=origin ; stale-while-revalidate=1m ; cache.targeted-fields=My-CC, CDN-Cache-Control | GET | '' | entry | My-CC: must-revalidate / CDN-Cache-Control: max-age=60 | 70 | fill stale coalesce
      freshness=origin ; stale-while-revalidate=1m ; cache.targeted-fields=My-CC, CDN-Cache-Control | GET | '' | entry | My-CC: max-age=60 / CDN-Cache-Control: must-revalidate | 70 | serve-stale coalesce
      freshness=origin                    | GET    | authorization: Bearer x         | entry         | Cache-Control: max-age=60                       | 10  | fill uri-miss
      freshness=origin                    | GET    | authorization: Bearer x         | entry         | CDN-Cache-Control: public / Cache-Control: max-age=60 | 10 | serve
      freshness=origin                    | GET    | authorization: Bearer x         | entry         | Cache-Control: public / CDN-Cache-Control: max-age=60 | 10 | fill uri-miss
      freshness=origin                    | GET    | authorization: Bearer x         | entry         | Cache-Control: public, max-age=60               | 10  | serve
      freshness=origin                    | GET    | authorization: Bearer x         | entry         | Cache-Control: s-maxage=60                      | 10  | serve
      freshness=origin                    | GET    | authorization: Bearer x         | nothing       | ''                                              | 0   | fill uri-miss
      freshness=origin ; per-user=principal | GET  | authorization: Bearer x         | nothing       | ''                                              | 0   | fill uri-miss coalesce
      freshness=origin                    | GET    | range: bytes=0-1                | entry         | Cache-Control: max-age=60                       | 10  | serve 206 bytes 0-1/4
      freshness=origin                    | GET    | range: bytes=-1                 | entry         | Cache-Control: max-age=60                       | 10  | serve 206 bytes 3-3/4
      freshness=origin                    | GET    | range: bytes=1-                 | entry         | Cache-Control: max-age=60                       | 10  | serve 206 bytes 1-3/4
      freshness=origin                    | GET    | range: bytes=1-                 | near          | Cache-Control: max-age=60                       | 10  | serve near 206 bytes 1-3/4
      freshness=origin                    | GET    | range: bytes=4-                 | entry         | Cache-Control: max-age=60                       | 10  | serve 416 bytes */4
      freshness=origin                    | GET    | range: bytes=0-0,2-3            | entry         | Cache-Control: max-age=60                       | 10  | serve whole (multiple)
      freshness=origin                    | HEAD   | range: bytes=0-1                | entry         | Cache-Control: max-age=60                       | 10  | serve whole (method)
      freshness=origin                    | GET    | range: bytes=0-1 ; if-range: "e" | entry        | Cache-Control: max-age=60                       | 10  | serve 206 bytes 0-1/4
      freshness=origin                    | GET    | range: bytes=0-1 ; if-range: "x" | entry        | Cache-Control: max-age=60                       | 10  | serve whole (if-range)
      freshness=origin                    | GET    | range: bytes=0-1 ; if-range: Sat, 05 Dec 2026 12:00:00 GMT | entry | Last-Modified: Sat, 05 Dec 2026 12:00:00 GMT / Date: Sun, 06 Dec 2026 11:59:50 GMT | 10 | serve 206 bytes 0-1/4
      freshness=origin                    | GET    | range: bytes=0-1 ; if-range: Sat, 05 Dec 2026 12:00:00 GMT | entry | Last-Modified: Sat, 05 Dec 2026 12:00:00 GMT | 10 | serve whole (if-range)
      freshness=origin                    | GET    | range: bytes=0-1                | entry         | ETag: "v1"                                      | 70  | forward-only
      freshness=origin                    | GET    | range: bytes=0-1                | nothing       | ''                                              | 0   | forward-only
      freshness=origin                    | GET    | range: bytes=0-1                | entry         | :origin: https://example.com:443                | 10  | forward-only
      ''                                  | GET    | range: bytes=0-1                | entry         | ''                                              | 10  | serve
      ''                                  | GET    | range: bytes=0-1                | nothing       | ''                                              | 0   | fill uri-miss coalesce
      freshness=origin                    | GET    | if-none-match: abcdef           | nothing       | ''                                              | 0   | fill uri-miss conditional
      freshness=origin                    | GET    | if-modified-since: Sat, 05 Dec 2026 12:00:00 GMT | nothing | ''                           | 0   | fill uri-miss conditional
      freshness=origin                    | GET    | if-none-match: "v1"             | entry         | ETag: "v1"                                      | 70  | revalidate [if-none-match] conditional
      freshness=origin                    | GET    | if-none-match: "v1"             | entry         | Cache-Control: max-age=60                       | 10  | serve
      ''                                  | GET    | if-none-match: abcdef           | nothing       | ''                                              | 0   | fill uri-miss coalesce
      """)
  void decidesFromWhatTheLookupFound(String options, String method, String headers, String kind, String entryHeaders,
      long age, String expected) {
    ReadDecision decision = ReadPolicy.decide(request(method, headers), route(options), found(kind, entryHeaders, age), NOW);

    assertEquals(expected, describe(decision));
  }

  @ParameterizedTest(name = "[{index}] route {0}; {1} {2}; key {3}, pending {4} -> {5}")
  @CsvSource(delimiter = '|', textBlock = """
      # route options        | method | request headers               | has key | pending | admitted, or why not
      ''                     | GET    | ''                            | true    | false   | admitted
      ''                     | GET    | cookie: a=1                   | true    | false   | cookie
      cookies=ignore         | GET    | cookie: a=1                   | true    | false   | admitted
      ''                     | GET    | authorization: Bearer x       | true    | false   | authorization
      freshness=origin       | GET    | authorization: Bearer x       | true    | false   | admitted
      ''                     | GET    | content-length: 3             | true    | false   | body
      hosts=example.com      | GET    | host: evil.example            | true    | false   | host
      ''                     | GET    | range: bytes=0-1              | true    | false   | admitted
      freshness=origin       | GET    | range: bytes=0-1              | true    | false   | admitted
      ''                     | GET    | ''                            | true    | true    | pending-invalidations
      ''                     | GET    | cookie: a=1                   | true    | true    | cookie
      ''                     | GET    | ''                            | false   | false   | key
      per-user=principal     | GET    | ''                            | true    | false   | no-user
      """)
  void admitsOnlyRequestsThatMayUseTheSharedCache(String options, String method, String headers, boolean hasKey,
      boolean pending, String expected) {
    Optional<ReadDecision.Bypass> refused = ReadPolicy.admit(request(method, headers), route(options), hasKey, pending);

    assertEquals(expected, refused.map(ReadDecision.Bypass::reason).orElse("admitted"));
  }
}
