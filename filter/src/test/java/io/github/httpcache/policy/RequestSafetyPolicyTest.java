package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.config.CookieRule;
import io.github.httpcache.config.Route;
import io.github.httpcache.key.QueryString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lookup rules that keep one client's page from another: cookies, request bodies and hosts, as one table. */
class RequestSafetyPolicyTest {
  private static Route route(String options) {
    Map<String, String> entries = new HashMap<>(Map.of("route.r.path", "/page", "route.r.ttl", "60s"));
    if (!options.isBlank()) {
      for (String option : options.split(" ; ")) {
        int equals = option.indexOf('=');
        entries.put("route.r." + option.substring(0, equals).trim(), option.substring(equals + 1).trim());
      }
    }
    return ConfigParser.parse(entries).routeTable().routes().get(0);
  }

  private static Map<String, String> headers(String lines) {
    Map<String, String> headers = new HashMap<>();
    if (!lines.isBlank()) {
      for (String line : lines.split(" ; ")) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  @ParameterizedTest(name = "[{index}] route {0}, host {1}, headers {2} -> {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # route options                          | host             | request headers                        | lookup
      ''                                       | example.com      | ''                                     | LOOKUP
      ''                                       | example.com      | cookie: JSESSIONID=1                   | BYPASS_COOKIE
      cookies=bypass                           | example.com      | cookie: a=1                            | BYPASS_COOKIE
      cookies=ignore                           | example.com      | cookie: JSESSIONID=1                   | LOOKUP
      cookies=key:lang                         | example.com      | cookie: lang=fr; JSESSIONID=1          | LOOKUP
      per-user=principal                       | example.com      | cookie: JSESSIONID=1                   | BYPASS_NO_USER
      cookies=ignore                           | example.com      | authorization: Bearer x ; cookie: a=1  | BYPASS_AUTHORIZATION
      ''                                       | example.com      | authorization: Bearer x ; cookie: a=1  | BYPASS_AUTHORIZATION
      freshness=origin                         | example.com      | authorization: Bearer x                | LOOKUP
      freshness=origin                         | example.com      | authorization: Bearer x ; cookie: a=1  | BYPASS_COOKIE
      ''                                       | example.com      | content-length: 4                      | BYPASS_BODY
      ''                                       | example.com      | content-length: 0                      | LOOKUP
      ''                                       | example.com      | content-length: x                      | BYPASS_BODY
      ''                                       | example.com      | transfer-encoding: chunked             | BYPASS_BODY
      cookies=ignore                           | example.com      | transfer-encoding: chunked ; cookie: a=1 | BYPASS_BODY
      hosts=example.com                        | example.com      | ''                                     | LOOKUP
      hosts=example.com                        | evil.example     | ''                                     | BYPASS_HOST
      hosts=example.com, www.example.com       | www.example.com  | ''                                     | LOOKUP
      hosts=example.com                        | evil.example     | cookie: a=1                            | BYPASS_HOST
      """)
  void decidesWhetherARequestMayUseTheSharedEntry(String options, String host, String headerLines, Lookup expected) {
    RequestFacts request = new RequestFacts("GET", "/page", QueryString.parse(null), headers(headerLines),
        Optional.empty(), new RequestOrigin("http", host, 80));
    Route route = route(options);
    RequestFacts withUser = route.perUser().isPresent() ? request : request;

    assertEquals(expected, LookupPolicy.decide(withUser, route));
  }

  @ParameterizedTest(name = "[{index}] {0}, Set-Cookie {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # strip-set-cookie | Set-Cookie lines (/ between)                           | decision
      ''                 | ''                                                     | STORE
      ''                 | JSESSIONID=abc; Path=/                                 | SKIP_SET_COOKIE
      JSESSIONID         | JSESSIONID=abc; Path=/; HttpOnly                       | STORE
      JSESSIONID         | JSESSIONID=abc / remember=me                           | SKIP_SET_COOKIE
      JSESSIONID, _ga*   | JSESSIONID=abc / _ga_X=1                               | STORE
      JSESSIONID         | jsessionid=abc                                         | SKIP_SET_COOKIE
      JSESSIONID         | ' JSESSIONID =abc'                                     | STORE
      """)
  void setCookieIsStoredOnlyWhenEveryCookieIsOneTheRouteStrips(String strip, String setCookies, StoreDecision expected) {
    CookieRule rule = strip.isBlank() ? CookieRule.UNDECLARED : route("strip-set-cookie=" + strip).cookies();
    ResponseFacts response = new ResponseFacts(200, Map.of("set-cookie", TestHeaders.lines(setCookies)),
        ResponseFacts.BodyCapture.COMPLETE);

    assertEquals(expected, StorePolicy.decide("GET", response, Sharing.SHARED, rule));
    assertEquals(expected, StorePolicy.decideFromOrigin(Map.of(),
        new ResponseFacts(200, Map.of("set-cookie", TestHeaders.lines(setCookies), "cache-control", List.of("max-age=60")),
            ResponseFacts.BodyCapture.COMPLETE), Sharing.SHARED, rule));
  }

  @ParameterizedTest(name = "[{index}] {0}: {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # header          | value                          | route-TTL decision
      content-type      | text/event-stream              | SKIP_EVENT_STREAM
      content-type      | Text/Event-Stream;charset=utf-8 | SKIP_EVENT_STREAM
      content-type      | text/plain                     | STORE
      cache-control     | no-cache                       | SKIP_NO_CACHE
      cache-control     | max-age=60, no-cache="Set-Cookie" | SKIP_NO_CACHE
      cache-control     | max-age=60                     | STORE
      """)
  void streamsAndNoCacheAreNeverReusedUnderARouteTtl(String name, String value, StoreDecision expected) {
    ResponseFacts response = new ResponseFacts(200, Map.of(name, List.of(value)), ResponseFacts.BodyCapture.COMPLETE);

    assertEquals(expected, StorePolicy.decide("GET", response, Sharing.SHARED, CookieRule.UNDECLARED));
  }

  @ParameterizedTest(name = "[{index}] Cookie {0} keyed by {1} -> \"{2}\"")
  @CsvSource(delimiter = '|', textBlock = """
      # Cookie field                      | keyed     | keyed value
      lang=fr                             | lang      | lang=fr
      JSESSIONID=1; lang=fr               | lang      | lang=fr
      lang=fr; JSESSIONID=2               | lang      | lang=fr
      b=2; a=1                            | a,b       | a=1; b=2
      _ga_1=x; _ga=y; lang=en             | _ga*      | _ga=y; _ga_1=x
      JSESSIONID=1                        | lang      | ''
      ''                                  | lang      | ''
      lang=fr; lang=en                    | lang      | lang=fr; lang=en
      """)
  void keyedCookiesAreOneValueWhateverTheirOrderOrNeighbours(String field, String keyed, String value) {
    CookieRule rule = route("cookies=key:" + keyed).cookies();

    assertEquals(value, Cookies.keyedValue(field, rule));
  }

  @ParameterizedTest(name = "[{index}] entry for {0}, request from {1} -> mismatched {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # entry's :origin             | request origin               | mismatched
      http://example.com:80         | http://example.com:80        | ''
      http://example.com:80         | http://evil.example:80       | :origin
      http://example.com:80         | https://example.com:443      | :origin
      http://example.com:80         | http://example.com:8080      | :origin
      (none)                        | http://example.com:80        | :origin
      """)
  void anEntryIsServedOnlyToTheOriginItWasFilledFor(String recorded, String requestOrigin, String mismatched) {
    java.net.URI uri = java.net.URI.create(requestOrigin);
    RequestFacts request = new RequestFacts("GET", "/page", List.of(), Map.of(), Optional.empty(),
        new RequestOrigin(uri.getScheme(), uri.getHost(), uri.getPort()));
    VariantDimensions dims = VariantDimensions.of(request, CookieRule.UNDECLARED);

    assertEquals(mismatched.isEmpty() ? List.of() : List.of(mismatched),
        dims.mismatched(name -> recorded.equals("(none)") ? Optional.empty() : Optional.of(recorded)));
  }
}
