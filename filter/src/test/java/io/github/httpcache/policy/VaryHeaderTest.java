package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaryHeaderTest {
  private static final boolean CACHE_STORES_AS_SENT = false;

  /** Field lines separated by {@code ;}, as several {@code Vary} lines of one response. */
  private static List<String> lines(String fieldLines) {
    return fieldLines == null ? List.of() : Arrays.asList(fieldLines.split(";", -1));
  }

  /** Space-separated names, or {@code (star)} for the empty result of {@code Vary: *}. */
  private static Optional<List<String>> expected(String names) {
    if (names.equals("(star)")) {
      return Optional.empty();
    }
    return Optional.of(names.equals("(none)") ? List.of() : List.of(names.split(" ")));
  }

  @ParameterizedTest(name = "Vary: {0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "(no field)", textBlock = """
      # Vary field lines, ; between lines      | names
      (no field)                                | (none)
      ''                                        | (none)
      Accept                                    | accept
      Accept-Language, Accept                   | accept accept-language
      ACCEPT-LANGUAGE                           | accept-language
      Accept;X-Tenant                           | accept x-tenant
      X-Tenant;Accept, Origin                   | accept origin x-tenant
      Accept, accept;ACCEPT                     | accept
      ' Accept ,, Origin ,'                     | accept origin
      *                                         | (star)
      Accept, *                                 | (star)
      Accept;*                                  | (star)
      ' * '                                     | (star)
      """)
  void namesAreSortedLowerCaseAndDistinctAndStarHasNone(String fieldLines, String names) {
    assertEquals(expected(names), VaryHeader.names(lines(fieldLines), CACHE_STORES_AS_SENT));
  }

  @ParameterizedTest(name = "Vary: {0}, cache encodes {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # Vary field lines             | cache encodes | names
      Accept-Encoding                | true          | (none)
      Accept-Encoding                | false         | accept-encoding
      accept-encoding, Accept        | true          | accept
      Accept, ACCEPT-ENCODING        | false         | accept accept-encoding
      Accept-Encoding;Origin         | true          | origin
      Accept-Encoding, *             | true          | (star)
      """)
  void acceptEncodingIsLeftOutOnlyWhenTheCacheEncodes(String fieldLines, boolean cacheEncodes, String names) {
    assertEquals(expected(names), VaryHeader.names(lines(fieldLines), cacheEncodes));
  }

  @ParameterizedTest(name = "Vary: {0} -> star {1}")
  @CsvSource(delimiter = '|', nullValues = "(no field)", textBlock = """
      *                 | true
      Accept, *         | true
      Accept;*          | true
      Accept            | false
      Accept-Encoding   | false
      (no field)        | false
      """)
  void isStarOnlyWhenAMemberIsAStar(String fieldLines, boolean star) {
    assertEquals(star, VaryHeader.isStar(lines(fieldLines)));
  }

  @ParameterizedTest(name = "cache encodes {0}")
  @CsvSource({"true", "false"})
  void noVaryFieldVariesOnNothing(boolean cacheEncodes) {
    assertEquals(Optional.of(List.of()), VaryHeader.names(List.of(), cacheEncodes));
  }
}
