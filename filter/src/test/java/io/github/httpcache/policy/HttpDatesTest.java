package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private static Optional<Instant> parse(String value) {
    return HttpDates.parse(value, NOW);
  }

  @ParameterizedTest(name = "[{0}] is {1}")
  @CsvSource(delimiter = '|', textBlock = """
      Sun, 06 Nov 1994 08:49:37 GMT      | 1994-11-06T08:49:37Z
      Sunday, 06-Nov-94 08:49:37 GMT     | 1994-11-06T08:49:37Z
      Sun Nov  6 08:49:37 1994           | 1994-11-06T08:49:37Z
      Sun Nov 06 08:49:37 1994           | 1994-11-06T08:49:37Z
      Tue, 19 Jan 2038 14:14:08 GMT      | 2038-01-19T14:14:08Z
      Sun, 21 Nov 2286 04:46:39 GMT      | 2286-11-21T04:46:39Z
      Thursday, 18-Aug-50 02:01:18 GMT   | 2050-08-18T02:01:18Z
      Thu Aug  8 02:01:18 2050           | 2050-08-08T02:01:18Z
      Mon, 01 Jan 0001 00:00:00 GMT      | 0001-01-01T00:00:00Z
      Thu, 01 Jan 1970 00:00:00 GMT      | 1970-01-01T00:00:00Z
      Thu, 29 Feb 2024 23:59:59 GMT      | 2024-02-29T23:59:59Z
      """)
  void section5_6_7_allThreeFormatsAreAccepted(String value, Instant expected) {
    assertEquals(Optional.of(expected), parse(value));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"THU, 18 Aug 2050 02:01:18 GMT", "Thu, 18 AUG 2050 02:01:18 GMT",
      "Thu, 18 Aug 2050 02:01:18 gMT", "thu, 18 aug 2050 02:01:18 gmt",
      "THURSDAY, 18-AUG-50 02:01:18 GMT", "tHU aUG 18 02:01:18 2050",
      "  Thu, 18 Aug 2050 02:01:18 GMT  ", "\tThu, 18 Aug 2050 02:01:18 GMT"})
  void rfc9111_section4_2_namesMatchCaseInsensitivelyAndOuterWhitespaceIsIgnored(String value) {
    assertEquals(Optional.of(Instant.parse("2050-08-18T02:01:18Z")), parse(value));
  }

  @Test
  void theDayNameIsNotCheckedAgainstTheDate() {
    assertEquals(Optional.of(Instant.parse("2050-08-18T02:01:18Z")),
        parse("Mon, 18 Aug 2050 02:01:18 GMT"));
  }

  @Test
  void aLeapSecondReadsAsTheSecondBefore() {
    assertEquals(Optional.of(Instant.parse("2016-12-31T23:59:59Z")),
        parse("Sat, 31 Dec 2016 23:59:60 GMT"));
  }

  @ParameterizedTest(name = "[{0}] is invalid")
  @ValueSource(strings = {
      "", " ", "0", "-1", "foo", "1755482478", "2050-08-18T02:01:18Z",
      "Thu, 18 Aug 2050 02:01:18 UTC", "Thu, 18 Aug 2050 02:01:18 AEST",
      "Thu, 18 Aug 2050 02:01:18 +0000", "Thu, 18 Aug 2050 02:01:18",
      "Thu, 18 Aug 50 02:01:18 GMT", "Thu 18 Aug 2050 02:01:18 GMT",
      "Thu, 18  Aug  2050 02:01:18 GMT", "Thu,  18 Aug 2050 02:01:18 GMT",
      "Thu, 18-Aug-2050 02:01:18 GMT", "Thu, 18 Aug 2050 02.01.18 GMT",
      "Thu, 18 Aug 2050 2:01:18 GMT", "Thu, 8 Aug 2050 02:01:18 GMT",
      "Thu, 18 Aug 20500 02:01:18 GMT", "Thursday, 18 Aug 2050 02:01:18 GMT",
      "Thu, 18-Aug-50 02:01:18 GMT", "Thursday, 18-August-50 02:01:18 GMT",
      "Thursday, 18-Aug-2050 02:01:18 GMT", "Xyz, 18 Aug 2050 02:01:18 GMT",
      "Thu, 18 Agu 2050 02:01:18 GMT", "Thu, 31 Feb 2050 02:01:18 GMT",
      "Thu, 00 Aug 2050 02:01:18 GMT", "Thu, 18 Aug 2050 24:00:00 GMT",
      "Thu, 18 Aug 2050 02:60:00 GMT", "Thu, 18 Aug 2050 02:01:61 GMT",
      "Thu, 18 Aug 2050 02:01:18 GMT junk", "Thu, 18 Aug 2050 02:01:18 GMT,",
      "Thu Aug 8 02:01:18 2050", "Thu Aug   8 02:01:18 2050", "Thu Aug  8 02:01:18 50",
      "Thu Aug  8 02:01:18 2050 GMT", "Thu, 18 Aug -050 02:01:18 GMT"})
  void section5_6_7_anythingElseIsInvalid(String value) {
    assertEquals(Optional.empty(), parse(value));
  }

  @Test
  void nullIsInvalid() {
    assertEquals(Optional.empty(), parse(null));
  }

  @ParameterizedTest(name = "{1}-digit year {0} seen in {2} is {3}")
  @CsvSource(delimiter = '|', textBlock = """
      Thursday, 18-Aug-50 02:01:18 GMT | 2025-06-01T12:00:00Z | 2050-08-18T02:01:18Z
      Friday, 01-Jan-99 00:00:00 GMT   | 2025-06-01T12:00:00Z | 1999-01-01T00:00:00Z
      Saturday, 01-Jan-00 00:00:00 GMT | 2025-06-01T12:00:00Z | 2000-01-01T00:00:00Z
      Tuesday, 01-Jan-75 00:00:00 GMT  | 2025-06-01T12:00:00Z | 2075-01-01T00:00:00Z
      Sunday, 01-Jun-75 12:00:00 GMT   | 2025-06-01T12:00:00Z | 2075-06-01T12:00:00Z
      Sunday, 01-Jun-75 12:00:01 GMT   | 2025-06-01T12:00:00Z | 1975-06-01T12:00:01Z
      Monday, 01-Mar-76 00:00:00 GMT   | 2025-06-01T12:00:00Z | 1976-03-01T00:00:00Z
      Thursday, 01-Jan-05 00:00:00 GMT | 2090-01-01T00:00:00Z | 2105-01-01T00:00:00Z
      Saturday, 01-Jan-05 00:00:00 GMT | 2040-01-01T00:00:00Z | 2005-01-01T00:00:00Z
      Tuesday, 29-Feb-00 00:00:00 GMT  | 2025-06-01T12:00:00Z | 2000-02-29T00:00:00Z
      """)
  void section5_6_7_rfc850YearIsTheLatestNotMoreThanFiftyYearsAhead(String value, Instant now,
      Instant expected) {
    assertEquals(Optional.of(expected), HttpDates.parse(value, now));
  }

  @Test
  void rfc850LeapDayInACenturyWithoutOneIsInvalid() {
    assertEquals(Optional.empty(),
        HttpDates.parse("Monday, 29-Feb-00 00:00:00 GMT", Instant.parse("2060-01-01T00:00:00Z")));
  }

  @ParameterizedTest(name = "{0} formats as [{1}]")
  @CsvSource(delimiter = '|', textBlock = """
      1994-11-06T08:49:37Z          | Sun, 06 Nov 1994 08:49:37 GMT
      1994-11-06T08:49:37.999Z      | Sun, 06 Nov 1994 08:49:37 GMT
      1970-01-01T00:00:00Z          | Thu, 01 Jan 1970 00:00:00 GMT
      2050-08-08T02:01:18Z          | Mon, 08 Aug 2050 02:01:18 GMT
      0099-09-09T09:09:09Z          | Wed, 09 Sep 0099 09:09:09 GMT
      """)
  void section5_6_7_formatsImfFixdate(Instant instant, String expected) {
    assertEquals(expected, HttpDates.format(instant));
  }

  @Test
  void formatThenParseIsTheInstantToTheSecond() {
    Instant instant = Instant.parse("2031-02-03T04:05:06Z");
    assertEquals(Optional.of(instant), parse(HttpDates.format(instant)));
  }

  @Test
  void aYearImfFixdateCannotCarryIsRefused() {
    assertThrows(DateTimeException.class,
        () -> HttpDates.format(Instant.parse("+10000-01-01T00:00:00Z")));
  }

  @Test
  void parseFieldReadsOneLineOrRepeatedEqualLines() {
    Instant expected = Instant.parse("1994-11-06T08:49:37Z");
    assertEquals(Optional.of(expected),
        HttpDates.parseField(List.of("Sun, 06 Nov 1994 08:49:37 GMT"), NOW));
    assertEquals(Optional.of(expected), HttpDates.parseField(
        List.of("Sun, 06 Nov 1994 08:49:37 GMT", " Sun, 06 Nov 1994 08:49:37 GMT"), NOW));
  }

  @ParameterizedTest(name = "lines [{0}]")
  @CsvSource(delimiter = '|', textBlock = """
      ''
      Sun, 06 Nov 1994 08:49:37 GMT / Sun, 06 Nov 1994 08:49:38 GMT
      Sun, 06 Nov 1994 08:49:37 GMT / Sunday, 06-Nov-94 08:49:37 GMT
      0
      Sun, 06 Nov 1994 08:49:37 GMT / 0
      """)
  void rfc9111_section4_2_1_absentDifferingOrInvalidLinesGiveNoDate(String cell) {
    assertEquals(Optional.empty(), HttpDates.parseField(TestHeaders.lines(cell), NOW));
  }
}
