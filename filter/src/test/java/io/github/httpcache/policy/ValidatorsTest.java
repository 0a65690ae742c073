package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidatorsTest {
  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void strongEtagOfTheSameBodyIsTheSame() {
    assertEquals(Validators.strongEtag(utf8("{\"posts\": [\"a\"]}")), Validators.strongEtag(utf8("{\"posts\": [\"a\"]}")));
  }

  @ParameterizedTest(name = "\"{0}\" and \"{1}\"")
  @CsvSource({"a, b", "'{\"id\": 1}', '{\"id\": 2}'", "'', ' '", "abc, abd"})
  void strongEtagsOfDifferentBodiesDiffer(String one, String other) {
    assertNotEquals(Validators.strongEtag(utf8(one)), Validators.strongEtag(utf8(other)));
  }

  /** RFC 9110 §8.8.3: entity-tag = [ weak ] opaque-tag, opaque-tag = DQUOTE *etagc DQUOTE. */
  @ParameterizedTest(name = "body \"{0}\"")
  @CsvSource({"''", "hello", "'{\"user\": {\"id\": 1}}'"})
  void strongEtagIsAQuotedOpaqueTagWithoutAWeaknessIndicator(String body) {
    String etag = Validators.strongEtag(utf8(body));

    assertTrue(etag.matches("\"[A-Za-z0-9_-]{24}\""), etag);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # tag          | tag of the gzip representation
      "abc"          | "abc-gzip"
      W/"abc"        | W/"abc-gzip"
      ""             | "-gzip"
      """)
  void gzipVariantIsADistinctTagOfTheSameStrength(String etag, String gzip) {
    assertEquals(gzip, Validators.gzipVariant(etag));
  }

  @Test
  void gzipVariantOfAStrongEtagDiffersFromIt() {
    String etag = Validators.strongEtag(utf8("body"));

    assertAll(
        () -> assertNotEquals(etag, Validators.gzipVariant(etag)),
        () -> assertFalse(Validators.ifNoneMatchMatches(Validators.gzipVariant(etag), etag)));
  }

  @ParameterizedTest(name = "If-None-Match: {0} vs ETag {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "(null)", textBlock = """
      # If-None-Match            | ETag       | matches
      "abc"                      | "abc"      | true
      W/"abc"                    | "abc"      | true
      "abc"                      | W/"abc"    | true
      W/"abc"                    | W/"abc"    | true
      '  "abc"  '                | "abc"      | true
      "x", "abc"                 | "abc"      | true
      "x",W/"abc","y"            | "abc"      | true
      "x" , "y" , "abc"          | "abc"      | true
      "a,b", "c"                 | "c"        | true
      "a,b"                      | "a,b"      | true
      "a,b"                      | "a"        | false
      "a,b"                      | "b"        | false
      *                          | "abc"      | true
      *                          | W/"abc"    | true
      "x", *                     | "abc"      | true
      "abd"                      | "abc"      | false
      "ABC"                      | "abc"      | false
      "abc-gzip"                 | "abc"      | false
      "x", "y"                   | "abc"      | false
      ''                         | "abc"      | false
      (null)                     | "abc"      | false
      "abc"                      | (null)     | false
      abc                        | abc        | false
      abc                        | "abc"      | false
      "abc                       | "abc"      | false
      W/abc                      | "abc"      | false
      w/"abc"                    | "abc"      | false
      """)
  void ifNoneMatchUsesTheWeakComparison(String ifNoneMatch, String etag, boolean matches) {
    assertEquals(matches, Validators.ifNoneMatchMatches(ifNoneMatch, etag));
  }
}
