package io.github.httpcache.policy;

import static io.github.httpcache.policy.TestHeaders.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RevalidationTest {
  private static final Instant STORED_AT = Instant.parse("2025-06-01T12:00:00Z");
  private static final Instant VALIDATED_AT = Instant.parse("2025-06-01T13:00:00.250Z");
  private static final String LM = "Wed, 01 Jan 2020 00:00:00 GMT";

  private static Map<String, List<String>> updated(Map<String, List<String>> stored,
      String... notModifiedLines) {
    return Revalidation.updatedHeaders(stored, headers(notModifiedLines), VALIDATED_AT);
  }

  private static Freshening freshening(String storedLines, String notModifiedLines) {
    return Revalidation.freshening(headers(split(storedLines)), headers(split(notModifiedLines)),
        VALIDATED_AT);
  }

  /** Header lines from a table cell, separated by {@code " ; "}. */
  private static String[] split(String cell) {
    return cell == null || cell.isBlank() ? new String[0] : cell.split(" ; ");
  }

  @Test
  void section4_3_1_storedValidatorsBecomeConditions() {
    assertEquals(Map.of("if-none-match", "\"abcdef\"", "if-modified-since", LM),
        Revalidation.validators(headers("ETag: \"abcdef\"", "Last-Modified: " + LM), STORED_AT));
  }

  @ParameterizedTest(name = "stored [{0}] sends {1}: [{2}]")
  @CsvSource(delimiter = '|', textBlock = """
      ETag: W/"abcdef"                         | if-none-match     | W/"abcdef"
      ETag: "abcdef"                           | if-none-match     | "abcdef"
      Last-Modified: %LM%                      | if-modified-since | %LM%
      Last-Modified: Wednesday, 01-Jan-20 00:00:00 GMT | if-modified-since | %LM%
      Last-Modified: Wed Jan  1 00:00:00 2020  | if-modified-since | %LM%
      Last-Modified: WED, 01 JAN 2020 00:00:00 gmt | if-modified-since | %LM%
      ETag: abcdef                             | ''                | ''
      Last-Modified: yesterday                 | ''                | ''
      Cache-Control: max-age=60                | ''                | ''
      """)
  void section4_3_1_onlyReadableValidatorsAreSentInCanonicalForm(String stored, String name,
      String value) {
    Map<String, String> expected =
        name.isEmpty() ? Map.of() : Map.of(name, value.replace("%LM%", LM));
    assertEquals(expected,
        Revalidation.validators(headers(stored.replace("%LM%", LM)), STORED_AT));
  }

  @ParameterizedTest(name = "stored [{0}], 304 [{1}]: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      ETag: "a"                   | ETag: "a"                  | UPDATE_STRONG_ETAG
      ETag: "a"                   | ETag: "b"                  | REJECT_ETAG_MISMATCH
      ETag: W/"a"                 | ETag: "a"                  | REJECT_ETAG_MISMATCH
      ''                          | ETag: "a"                  | REJECT_ETAG_MISMATCH
      ETag: "a"                   | ETag: W/"a"                | UPDATE_WEAK_ETAG
      ETag: W/"a"                 | ETag: W/"a"                | UPDATE_WEAK_ETAG
      ETag: W/"a"                 | ETag: W/"b"                | REJECT_ETAG_MISMATCH
      ETag: "a" ; Last-Modified: %LM% | ETag: "b" ; Last-Modified: %LM% | REJECT_ETAG_MISMATCH
      ETag: "a" ; Last-Modified: %LM% | Last-Modified: %LM%    | UPDATE_LAST_MODIFIED
      Last-Modified: %LM%         | Last-Modified: %LM%        | UPDATE_LAST_MODIFIED
      Last-Modified: %LM%         | Last-Modified: %LM850%     | UPDATE_LAST_MODIFIED
      Last-Modified: %LM%         | Last-Modified: %LATER%     | REJECT_LAST_MODIFIED_MISMATCH
      ''                          | Last-Modified: %LM%        | REJECT_LAST_MODIFIED_MISMATCH
      ''                          | Date: %LM%                 | UPDATE_NO_VALIDATOR
      ETag: abc                   | ETag: abc                  | UPDATE_NO_VALIDATOR
      ETag: "a"                   | Date: %LM%                 | REJECT_VALIDATOR_MISSING
      Last-Modified: %LM%         | Cache-Control: max-age=60  | REJECT_VALIDATOR_MISSING
      """)
  void section4_3_4_aNotModifiedUpdatesOnlyTheResponseItsValidatorIdentifies(String stored,
      String notModified, Freshening expected) {
    assertEquals(expected, freshening(dates(stored), dates(notModified)));
  }

  @ParameterizedTest(name = "stored [{0}] of 11 bytes, HEAD 200 [{1}]: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      ''                              | Cache-Control: max-age=1000            | UPDATE_NO_VALIDATOR
      ETag: "a"                       | Cache-Control: max-age=1000            | UPDATE_NO_VALIDATOR
      ETag: "a"                       | ETag: "a"                              | UPDATE_STRONG_ETAG
      ETag: W/"a"                     | ETag: W/"a"                            | UPDATE_WEAK_ETAG
      ETag: abc                       | ETag: abc                              | REJECT_ETAG_MISMATCH
      ETag: "a"                       | ETag: "b"                              | REJECT_ETAG_MISMATCH
      ETag: "a"                       | ETag: W/"a"                            | REJECT_ETAG_MISMATCH
      ''                              | ETag: "a"                              | REJECT_ETAG_MISMATCH
      Last-Modified: %LM%             | Last-Modified: %LM850%                 | UPDATE_LAST_MODIFIED
      Last-Modified: %LM%             | Last-Modified: %LATER%                 | REJECT_LAST_MODIFIED_MISMATCH
      ''                              | Last-Modified: %LM%                    | REJECT_LAST_MODIFIED_MISMATCH
      Last-Modified: %LM%             | Last-Modified: yesterday               | REJECT_LAST_MODIFIED_MISMATCH
      ETag: "a" ; Last-Modified: %LM% | ETag: "a" ; Last-Modified: %LATER%     | REJECT_LAST_MODIFIED_MISMATCH
      ETag: "a" ; Last-Modified: %LM% | ETag: "a" ; Last-Modified: %LM%        | UPDATE_STRONG_ETAG
      ''                              | Content-Length: 11                     | UPDATE_NO_VALIDATOR
      ''                              | Content-Length: 0                      | REJECT_CONTENT_LENGTH_MISMATCH
      ETag: "a"                       | ETag: "a" ; Content-Length: 12         | REJECT_CONTENT_LENGTH_MISMATCH
      """)
  void section4_3_5_aHeadResponseUpdatesTheStoredResponseOnlyIfEveryValidatorItCarriesMatches(String stored,
      String head, Freshening expected) {
    assertEquals(expected, Revalidation.headFreshening(headers(split(dates(stored))), headers(split(dates(head))), 11,
        VALIDATED_AT));
  }

  /** Expands the date placeholders of the freshening table. */
  private static String dates(String cell) {
    return cell == null ? null : cell.replace("%LM850%", "Wednesday, 01-Jan-20 00:00:00 GMT")
        .replace("%LATER%", "Thu, 02 Jan 2020 00:00:00 GMT").replace("%LM%", LM);
  }

  @ParameterizedTest(name = "{0} is replaced")
  @ValueSource(strings = {"Test-Header", "X-Test-Header", "Content-Foo", "X-Content-Foo",
      "Content-Type", "Content-Location", "Expires", "ETag", "X-Frame-Options", "Vary"})
  void section3_2_fieldsInTheNotModifiedReplaceStoredOnes(String name) {
    Map<String, List<String>> result = updated(headers(name + ": A", "Date: " + LM), name + ": B");
    assertEquals(List.of("B"), result.get(name.toLowerCase()));
  }

  @Test
  void section3_2_cacheControlFromTheNotModifiedReplacesAllStoredLines() {
    Map<String, List<String>> stored = headers("Cache-Control: max-age=1", "Cache-Control: public");
    assertEquals(List.of("max-age=3600"),
        updated(stored, "Cache-Control: max-age=3600").get("cache-control"));
  }

  @Test
  void section3_2_repeatedLinesInTheNotModifiedAreAllKept() {
    assertEquals(List.of("a=1", "b=2"),
        updated(headers("Link: old"), "Link: a=1", "Link: b=2").get("link"));
  }

  @ParameterizedTest(name = "{0} is not updated")
  @ValueSource(strings = {"Content-Length", "Content-Encoding", "Content-Range", "Set-Cookie",
      "Set-Cookie2", "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Transfer-Encoding",
      "Upgrade", "Trailer", "Proxy-Authenticate", "Proxy-Authentication-Info",
      "Proxy-Authorization"})
  void section3_2_framingHopByHopAndPerClientFieldsAreNotUpdated(String name) {
    String key = name.toLowerCase();
    Map<String, List<String>> withStored = updated(headers(name + ": A"), name + ": B");
    assertEquals(List.of("A"), withStored.get(key));
    assertFalse(updated(headers("Date: " + LM), name + ": B").containsKey(key));
  }

  @Test
  void section3_1_fieldsTheNotModifiedsConnectionNamesAreNotUpdated() {
    Map<String, List<String>> result = updated(headers("A: old", "C: old"),
        "Connection: a, B", "A: 1", "B: 2", "C: 3");
    assertEquals(List.of("old"), result.get("a"));
    assertFalse(result.containsKey("b"));
    assertEquals(List.of("3"), result.get("c"));
  }

  @Test
  void section3_2_storedFieldsTheNotModifiedOmitsAreKept() {
    Map<String, List<String>> result = updated(
        headers("Content-Type: text/plain", "Test-Header: A", "Content-Length: 5"),
        "ETag: \"x\"");
    assertEquals(List.of("text/plain"), result.get("content-type"));
    assertEquals(List.of("A"), result.get("test-header"));
    assertEquals(List.of("5"), result.get("content-length"));
    assertEquals(List.of("\"x\""), result.get("etag"));
  }

  @Test
  void rfc9110_section6_6_1_aNotModifiedWithoutDateIsDatedWhenReceived() {
    assertEquals(List.of("Sun, 01 Jun 2025 13:00:00 GMT"),
        updated(headers("Date: " + LM), "ETag: \"x\"").get("date"));
  }

  @Test
  void section4_3_4_theNotModifiedsDateReplacesTheStoredOne() {
    assertEquals(List.of("Sun, 01 Jun 2025 12:59:59 GMT"),
        updated(headers("Date: " + LM), "Date: Sun, 01 Jun 2025 12:59:59 GMT").get("date"));
  }

  @Test
  void section4_2_3_theStoredAgeIsDroppedUnlessTheNotModifiedCarriesOne() {
    assertFalse(updated(headers("Age: 1800"), "ETag: \"x\"").containsKey("age"));
    assertEquals(List.of("5"), updated(headers("Age: 1800"), "Age: 5").get("age"));
  }

  @Test
  void section4_2_3_afterFresheningTheAgeRestartsFromTheValidation() {
    Map<String, List<String>> stored = headers("Date: " + LM, "Age: 1800",
        "Cache-Control: max-age=2");
    Map<String, List<String>> result = updated(stored, "Cache-Control: max-age=3600");
    Instant now = VALIDATED_AT.plusSeconds(10);
    assertEquals(10, Freshness.currentAge(result, VALIDATED_AT, VALIDATED_AT, now).getSeconds());
  }

  @Test
  void theResultIsImmutableAndTheInputsAreUntouched() {
    Map<String, List<String>> stored = headers("Test-Header: A");
    Map<String, List<String>> notModified = headers("Test-Header: B");
    Map<String, List<String>> result =
        Revalidation.updatedHeaders(stored, notModified, VALIDATED_AT);
    assertEquals(List.of("A"), stored.get("test-header"));
    assertThrows(UnsupportedOperationException.class, () -> result.put("x", List.of()));
    assertThrows(UnsupportedOperationException.class, () -> result.get("test-header").add("C"));
  }

  @Test
  void aMutableLineListPassedInIsCopied() {
    List<String> lines = new ArrayList<>(List.of("B"));
    Map<String, List<String>> result =
        Revalidation.updatedHeaders(Map.of(), Map.of("test-header", lines), VALIDATED_AT);
    lines.add("C");
    assertEquals(List.of("B"), result.get("test-header"));
  }
}
