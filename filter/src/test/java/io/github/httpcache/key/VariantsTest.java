package io.github.httpcache.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariantsTest {
  private static final String PRIMARY = "GET:/api/posts/";
  private static final long EPOCH = 0x5EEDL;

  /** The variant key for a response varying on {@code name}, for a request sending {@code fieldLines} of it. */
  private static String keyFor(String name, String... fieldLines) {
    return Variants.variantKey(PRIMARY, EPOCH, List.of(name),
        requested -> requested.equals(name) ? Arrays.asList(fieldLines) : List.of());
  }

  private static String keyFor(long epoch, Map<String, List<String>> requestHeaders) {
    return Variants.variantKey(PRIMARY, epoch, List.of("accept", "accept-language"),
        name -> requestHeaders.getOrDefault(name, List.of()));
  }

  @Test
  void sameRequestValuesGiveTheSameKey() {
    assertEquals(
        keyFor(EPOCH, Map.of("accept", List.of("application/json"), "accept-language", List.of("en"))),
        keyFor(EPOCH, Map.of("accept", List.of("application/json"), "accept-language", List.of("en"))));
  }

  @Test
  void keyStartsWithThePrimaryKeyAndTheVaryMark() {
    assertTrue(keyFor("accept-language", "en").startsWith(PRIMARY + "#vary="), keyFor("accept-language", "en"));
  }

  @ParameterizedTest(name = "{0}: \"{1}\" and \"{2}\" select different variants")
  @CsvSource(delimiter = '|', textBlock = """
      # header           | one value          | another
      accept-language    | en                 | fr
      accept-language    | en                 | en-GB
      accept-language    | en;q=0.5, fr       | en, fr;q=0.5
      foo                | en, fr             | fr, en
      foo                | a                  | A
      """)
  void differentValuesGiveDifferentKeys(String header, String one, String other) {
    assertNotEquals(keyFor(header, one), keyFor(header, other));
  }

  @ParameterizedTest(name = "\"{0}\" and \"{1}\" select one variant")
  @CsvSource(delimiter = '|', textBlock = """
      # one Accept-Language  | the same preferences, written differently
      en, de                 | de, en
      en, de                 | eN, De
      en;q=1.0, de;q=0.50    | de;q=0.5, en
      en; q=1                | EN;Q=1.000
      """)
  void acceptLanguageIsComparedAsPreferencesNotText(String one, String other) {
    assertEquals(keyFor("accept-language", one), keyFor("accept-language", other));
  }

  @ParameterizedTest(name = "\"{0}\" and \"{1}\" select one variant")
  @CsvSource(delimiter = '|', textBlock = """
      # one value          | the same, spaced differently
      en,fr                | en, fr
      en,fr                | ' en ,  fr '
      en;q=0.8,fr          | en;q=0.8 ,fr
      text/html,  */*      | text/html, */*
      a  b                 | a b
      """)
  void valuesDifferingOnlyInWhitespaceGiveOneKey(String one, String other) {
    assertEquals(keyFor("accept-language", one), keyFor("accept-language", other));
  }

  @Test
  void severalFieldLinesEqualOneCommaSeparatedLine() {
    assertEquals(keyFor("accept-language", "en, fr"), keyFor("accept-language", "en", "fr"));
  }

  @Test
  void absentHeaderDiffersFromAnEmptyOne() {
    assertNotEquals(keyFor("accept-language"), keyFor("accept-language", ""));
  }

  @ParameterizedTest(name = "Accept-Encoding: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      gzip
      GZIP
      x-gzip
      gzip, deflate, br
      br;q=1.0, gzip;q=0.8, *;q=0.1
      *
      deflate, gzip;q=0.001
      """)
  void acceptEncodingSpellingsThatAllAcceptGzipGiveOneKey(String acceptEncoding) {
    assertEquals(keyFor("accept-encoding", "gzip"), keyFor("accept-encoding", acceptEncoding));
  }

  @ParameterizedTest(name = "Accept-Encoding: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      identity
      gzip;q=0
      br
      *, gzip;q=0
      ''
      """)
  void acceptEncodingWithoutGzipGivesTheIdentityKey(String acceptEncoding) {
    assertEquals(keyFor("accept-encoding", "identity"), keyFor("accept-encoding", acceptEncoding));
  }

  @Test
  void acceptEncodingWithAndWithoutGzipGiveDifferentKeys() {
    assertNotEquals(keyFor("accept-encoding", "gzip"), keyFor("accept-encoding", "identity"));
  }

  @Test
  void differentEpochGivesADifferentKey() {
    Map<String, List<String>> request = Map.of("accept", List.of("application/json"));

    assertNotEquals(keyFor(EPOCH, request), keyFor(EPOCH + 1, request));
  }

  @Test
  void sameValueUnderAnotherHeaderGivesADifferentKey() {
    assertNotEquals(keyFor("accept-language", "en"), keyFor("x-tenant", "en"));
  }

  @Test
  void valuesDoNotMoveBetweenHeaders() {
    assertNotEquals(
        keyFor(EPOCH, Map.of("accept", List.of("en"))),
        keyFor(EPOCH, Map.of("accept-language", List.of("en"))));
  }

  @Test
  void differentPrimaryKeysGiveDifferentVariantKeys() {
    List<String> names = List.of("accept");

    assertNotEquals(
        Variants.variantKey("GET:/a", EPOCH, names, name -> List.of("text/html")),
        Variants.variantKey("GET:/b", EPOCH, names, name -> List.of("text/html")));
  }
}
