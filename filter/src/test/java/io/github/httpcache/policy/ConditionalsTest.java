package io.github.httpcache.policy;

import static io.github.httpcache.policy.TestHeaders.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionalsTest {
  private static final Instant STORED_AT = Instant.parse("2025-06-01T12:00:00.750Z");

  /** An HTTP-date {@code seconds} from when the response was stored. */
  private static String at(long seconds) {
    return HttpDates.format(STORED_AT.plusSeconds(seconds));
  }

  /** The suite's stored response: a strong ETag, Last-Modified 3000 s back, Date now. */
  private static final Map<String, List<String>> STORED = headers("ETag: \"abcdef\"",
      "Last-Modified: " + at(-3000), "Date: " + at(0), "Cache-Control: max-age=100000");

  private static ConditionalOutcome get(Map<String, List<String>> stored, String... requestLines) {
    return Conditionals.evaluate("GET", headers(requestLines), 200, stored, STORED_AT);
  }

  private static ConditionalOutcome ifNoneMatch(String storedEtag, String ifNoneMatch) {
    return get(headers("ETag: " + storedEtag), "If-None-Match: " + ifNoneMatch);
  }

  @Test
  void withoutConditionsTheStoredResponseIsSentInFull() {
    assertEquals(ConditionalOutcome.FULL_UNCONDITIONAL, get(STORED, "Accept: */*"));
  }

  @ParameterizedTest(name = "ETag {0}, If-None-Match {1}")
  @CsvSource(delimiter = '|', textBlock = """
      "abcdef"   | "abcdef"
      "abcdef"   | W/"abcdef"
      W/"abcdef" | W/"abcdef"
      W/"abcdef" | "abcdef"
      "abcdef"   | "abcdef", "1234", "5678"
      "abcdef"   | "1234", "abcdef", "5678"
      "abcdef"   | "1234", "5678", "abcdef"
      "abcdef"   | '  "1234" ,, "abcdef"  '
      "abcdef"   | *
      "abcdefü"  | "abcdefü"
      """)
  void rfc9110_section13_1_2_ifNoneMatchUsesWeakComparison(String etag, String ifNoneMatch) {
    assertEquals(ConditionalOutcome.NOT_MODIFIED_ETAG, ifNoneMatch(etag, ifNoneMatch));
  }

  @ParameterizedTest(name = "ETag {0}, If-None-Match {1}")
  @CsvSource(delimiter = '|', textBlock = """
      "abcdef"   | "1234"
      "abcdef"   | "ABCDEF"
      "abcdef"   | "abcde"
      "abcdef"   | W/"1234", "5678"
      abcdef     | "abcdef"
      """)
  void rfc9110_section13_1_2_noMatchingTagSendsTheResponse(String etag, String ifNoneMatch) {
    assertEquals(ConditionalOutcome.FULL_ETAG_MISMATCH, ifNoneMatch(etag, ifNoneMatch));
  }

  @ParameterizedTest(name = "If-None-Match [{0}]")
  @ValueSource(strings = {"abcdef", "w/\"abcdef\"", "W\\\"abcdef\"", "W\"abcdef\"",
      "\"abcdef\" \"1234\"", "*, \"abcdef\"", "\"abcdef"})
  void rfc9110_section13_1_2_anUnreadableIfNoneMatchIsNotAMatch(String ifNoneMatch) {
    assertEquals(ConditionalOutcome.FULL_INVALID_CONDITION, ifNoneMatch("\"abcdef\"", ifNoneMatch));
  }

  @Test
  void rfc9110_section13_1_2_tagsOnSeveralLinesFormOneList() {
    assertEquals(ConditionalOutcome.NOT_MODIFIED_ETAG,
        get(STORED, "If-None-Match: \"1234\"", "If-None-Match: \"abcdef\""));
  }

  @Test
  void rfc9110_section13_1_2_starMatchesEvenWithoutAStoredEtag() {
    assertEquals(ConditionalOutcome.NOT_MODIFIED_ETAG,
        get(headers("Date: " + at(0)), "If-None-Match: *"));
  }

  @Test
  void rfc9110_section13_1_2_aTagCannotMatchAResponseWithoutEtag() {
    assertEquals(ConditionalOutcome.FULL_ETAG_MISMATCH,
        get(headers("Date: " + at(0)), "If-None-Match: \"abcdef\""));
  }

  @Test
  void section4_3_2_ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
    assertEquals(ConditionalOutcome.NOT_MODIFIED_ETAG,
        get(STORED, "If-None-Match: \"abcdef\"", "If-Modified-Since: " + at(-5000)));
    assertEquals(ConditionalOutcome.FULL_ETAG_MISMATCH,
        get(STORED, "If-None-Match: \"1234\"", "If-Modified-Since: " + at(-1)));
    assertEquals(ConditionalOutcome.FULL_INVALID_CONDITION,
        get(STORED, "If-None-Match: junk", "If-Modified-Since: " + at(-1)));
  }

  @ParameterizedTest(name = "Last-Modified -3000, If-Modified-Since {0}: {1}")
  @CsvSource({"-3000, NOT_MODIFIED_SINCE", "-2000, NOT_MODIFIED_SINCE",
      "3600, NOT_MODIFIED_SINCE", "-3001, FULL_MODIFIED", "-100000, FULL_MODIFIED"})
  void section4_3_2_ifModifiedSinceComparesLastModified(long since, ConditionalOutcome expected) {
    assertEquals(expected, get(STORED, "If-Modified-Since: " + at(since)));
  }

  @ParameterizedTest(name = "Date 0, If-Modified-Since {0}: {1}")
  @CsvSource({"0, NOT_MODIFIED_SINCE", "-1, FULL_MODIFIED"})
  void section4_3_2_withoutLastModifiedDateIsCompared(long since, ConditionalOutcome expected) {
    assertEquals(expected, get(headers("Date: " + at(0), "Last-Modified: junk"),
        "If-Modified-Since: " + at(since)));
  }

  @ParameterizedTest(name = "stored at 12:00:00.750, If-Modified-Since {0}: {1}")
  @CsvSource(delimiter = '|', value = {"Sun, 01 Jun 2025 12:00:00 GMT | NOT_MODIFIED_SINCE",
      "Sun, 01 Jun 2025 11:59:59 GMT | FULL_MODIFIED"})
  void section4_3_2_withoutLastModifiedOrDateTheStorageTimeIsCompared(String since,
      ConditionalOutcome expected) {
    assertEquals(expected, get(headers("Date: nonsense"), "If-Modified-Since: " + since));
  }

  @Test
  void section4_3_2_anObsoleteDateFormatIsAcceptedInIfModifiedSince() {
    assertEquals(ConditionalOutcome.NOT_MODIFIED_SINCE,
        get(headers("Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT"),
            "If-Modified-Since: Sunday, 06-Nov-94 08:49:37 GMT"));
  }

  @ParameterizedTest(name = "If-Modified-Since [{0}]")
  @ValueSource(strings = {"junk", "0", "Sun, 01 Jun 2025 12:00:00 UTC", "1748779200"})
  void rfc9110_section13_1_3_anInvalidIfModifiedSinceIsIgnored(String since) {
    assertEquals(ConditionalOutcome.FULL_INVALID_CONDITION,
        get(STORED, "If-Modified-Since: " + since));
  }

  @Test
  void rfc9110_section13_1_3_severalIfModifiedSinceLinesAreIgnored() {
    assertEquals(ConditionalOutcome.FULL_INVALID_CONDITION,
        get(STORED, "If-Modified-Since: " + at(0), "If-Modified-Since: " + at(0)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void section4_3_2_onlyGetAndHeadAreAnsweredByTheCache(String method) {
    assertEquals(ConditionalOutcome.FULL_METHOD, Conditionals.evaluate(method,
        headers("If-None-Match: \"abcdef\""), 200, STORED, STORED_AT));
  }

  @Test
  void section4_3_2_headIsAnsweredLikeGet() {
    assertEquals(ConditionalOutcome.NOT_MODIFIED_ETAG, Conditionals.evaluate("HEAD",
        headers("If-None-Match: \"abcdef\""), 200, STORED, STORED_AT));
  }

  @ParameterizedTest(name = "stored status {0}")
  @ValueSource(ints = {203, 204, 301, 404, 410, 500})
  void rfc9110_section13_2_1_conditionsDoNotApplyToAStoredNon200(int status) {
    assertEquals(ConditionalOutcome.FULL_STATUS, Conditionals.evaluate("GET",
        headers("If-None-Match: *"), status, STORED, STORED_AT));
  }
}
