package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.key.QueryString;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LookupPolicyTest {
  private static Lookup decide(String rawQuery, Map<String, String> headers) {
    return LookupPolicy.decide(new RequestFacts("GET", "/api/posts/", QueryString.parse(rawQuery), headers));
  }

  @Test
  void plainRequestLooksUp() {
    assertEquals(Lookup.LOOKUP, decide(null, Map.of()));
  }

  @ParameterizedTest(name = "?{0} bypasses")
  @CsvSource({
    "nocache=true", "nocache=1", "nocache=yes", "nocache=on", "nocache=TRUE", "nocache=Yes", "nocache=ON",
    "a=1&nocache=true", "nocache=false&nocache=true",
  })
  void nocacheWithATrueWordBypasses(String rawQuery) {
    assertEquals(Lookup.BYPASS_NOCACHE, decide(rawQuery, Map.of()));
  }

  @ParameterizedTest(name = "?{0} looks up")
  @CsvSource({"nocache=false", "nocache=", "nocache", "nocache=0", "nocache=no", "nocache=off", "nocache=maybe",
      "nocache=truex", "nocachex=true", "cache=true"})
  void nocacheWithAnyOtherValueLooksUp(String rawQuery) {
    assertEquals(Lookup.LOOKUP, decide(rawQuery, Map.of()));
  }

  @ParameterizedTest(name = "Authorization: {0}")
  @CsvSource({"Bearer abc", "Basic dXNlcjpwYXNz", "''"})
  void authorizationHeaderBypasses(String credentials) {
    assertEquals(Lookup.BYPASS_AUTHORIZATION, decide(null, Map.of("authorization", credentials)));
  }

  @Test
  void otherRequestHeadersDoNotBypass() {
    assertEquals(Lookup.LOOKUP, decide(null, Map.of("accept", "application/json", "cookie", "a=1")));
  }
}
