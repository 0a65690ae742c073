package io.github.httpcache.policy;

import static io.github.httpcache.policy.TestHeaders.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FreshnessTest {
  /** When the response arrived; the suite's "Date: 0" is this instant. */
  private static final Instant RECEIVED = Instant.parse("2025-06-01T12:00:00Z");

  /** An HTTP-date {@code seconds} from {@link #RECEIVED}, like the suite's relative dates. */
  private static String at(long seconds) {
    return HttpDates.format(RECEIVED.plusSeconds(seconds));
  }

  private static Optional<Duration> lifetime(String... headerLines) {
    return Freshness.lifetime(headers(headerLines), RECEIVED);
  }

  private static Optional<Duration> seconds(long seconds) {
    return Optional.of(Duration.ofSeconds(seconds));
  }

  /** Whether a response received just now, with no round trip, is fresh. */
  private static boolean freshOnArrival(Map<String, List<String>> headers) {
    Duration age = Freshness.currentAge(headers, RECEIVED, RECEIVED, RECEIVED);
    return Freshness.isFresh(Freshness.lifetime(headers, RECEIVED).orElseThrow(), age);
  }

  @ParameterizedTest(name = "Cache-Control: {0} lives {1}s")
  @CsvSource(delimiter = '|', textBlock = """
      max-age=3600, s-maxage=1         | 1
      s-maxage=1, max-age=3600         | 1
      max-age=1, s-maxage=3600         | 3600
      max-age=0, s-maxage=3600         | 3600
      s-maxage=3600                    | 3600
      """)
  void section4_2_1_sMaxageWinsOverMaxAge(String cacheControl, long expected) {
    assertEquals(seconds(expected), lifetime("Cache-Control: " + cacheControl,
        "Expires: " + at(-10), "Date: " + at(0)));
  }

  @Test
  void section4_2_1_sMaxageOnAnotherLineStillWins() {
    assertEquals(seconds(1), lifetime("Cache-Control: max-age=3600", "Cache-Control: s-maxage=1"));
  }

  @ParameterizedTest(name = "max-age=3600 with Expires [{0}]")
  @ValueSource(strings = {"-7200", "0", "junk"})
  void section4_2_1_maxAgeWinsOverAnyExpires(String expires) {
    String value = expires.equals("junk") ? "junk" : at(Long.parseLong(expires));
    assertEquals(seconds(3600),
        lifetime("Cache-Control: max-age=3600", "Expires: " + value, "Date: " + at(0)));
  }

  @Test
  void section4_2_1_maxAgeZeroWinsOverAFutureExpires() {
    assertEquals(seconds(0),
        lifetime("Expires: " + at(3600), "Cache-Control: max-age=0", "Date: " + at(0)));
  }

  @ParameterizedTest(name = "Expires {0}, Date {1} lives {2}s")
  @CsvSource({
      "2592000, 0, 2592000",
      "-2592000, 0, 0",
      "0, 0, 0",
      "300, 400, 0",
      "10, -10, 20",
      "20, 10, 10"})
  void section4_2_1_expiresMinusDateIsTheLifetime(long expires, long date, long expected) {
    assertEquals(seconds(expected), lifetime("Expires: " + at(expires), "Date: " + at(date)));
  }

  @Test
  void section4_2_1_expiresIsMeasuredFromDateNotFromArrival() {
    // Date two hours before arrival (a slow Date): Expires - Date, not Expires - arrival.
    assertEquals(seconds(3 * 3600), lifetime("Expires: " + at(3600), "Date: " + at(-7200)));
  }

  @ParameterizedTest(name = "Date [{0}] stands in as the arrival time")
  @ValueSource(strings = {"", "foo", "0", "Thu, 18 Aug 2050 02:01:18 UTC"})
  void rfc9110_section6_6_1_missingOrInvalidDateIsTheResponseTime(String date) {
    List<String> lines = new ArrayList<>(List.of("Expires: " + at(10)));
    if (!date.isEmpty()) {
      lines.add("Date: " + date);
    }
    assertEquals(seconds(10), lifetime(lines.toArray(String[]::new)));
  }

  @ParameterizedTest(name = "Expires [{0}] is already stale")
  @ValueSource(strings = {"0", "-1", "foo", "Thu, 01 Jan 1970 00:00:00 UTC",
      "Thu, 18 Aug 50 02:01:18 GMT", "Thu, 18 Aug 2050 2:01:18 GMT",
      "Thu, 18  Aug  2050 02:01:18 GMT"})
  void section5_3_invalidExpiresMeansAlreadyExpired(String expires) {
    assertEquals(seconds(0), lifetime("Expires: " + expires, "Date: " + at(0)));
  }

  @Test
  void section4_2_1_differingExpiresLinesAreStale() {
    assertEquals(seconds(0),
        lifetime("Expires: " + at(3600), "Expires: " + at(7200), "Date: " + at(0)));
  }

  @ParameterizedTest(name = "Cache-Control: {0} is stale")
  @ValueSource(strings = {"max-age=-3600", "max-age=a3600", "max-age=3600a", "max-age=3600.0",
      "max-age='3600'", "max-age =3600", "max-age= 3600", "max-age", "max-age=1800, max-age=1",
      "s-maxage=x, max-age=3600", "s-maxage, max-age=3600"})
  void section4_2_1_invalidFreshnessInformationIsStale(String cacheControl) {
    assertEquals(seconds(0), lifetime("Cache-Control: " + cacheControl, "Expires: " + at(3600),
        "Date: " + at(0)));
  }

  @ParameterizedTest(name = "Cache-Control: {0} lives {1}s")
  @CsvSource(delimiter = '|', textBlock = """
      max-age="3600"        | 3600
      MaX-aGe=3600          | 3600
      foobar, max-age=3600  | 3600
      max-age=003600        | 3600
      max-age=2147483647    | 2147483647
      max-age=2147483649    | 2147483648
      max-age=99999999999   | 2147483648
      """)
  void section1_2_2_maxAgeValuesAreReadAsTheSuiteExpects(String cacheControl, long expected) {
    assertEquals(seconds(expected), lifetime("Cache-Control: " + cacheControl));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Cache-Control: public", "Cache-Control: no-cache",
      "Cache-Control: must-revalidate", "Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT",
      "Cache-Control: private=\"max-age=60\"", "Pragma: max-age=60"})
  void section4_2_2_withoutExplicitFreshnessThereIsNoLifetime(String headerLine) {
    assertEquals(Optional.empty(), lifetime(headerLine, "Date: " + at(0)));
  }

  @Test
  void section4_2_3_apparentAgeComesFromDate() {
    Duration age =
        Freshness.currentAge(headers("Date: " + at(-7200)), RECEIVED, RECEIVED, RECEIVED);
    assertEquals(Duration.ofSeconds(7200), age);
  }

  @Test
  void section4_2_3_aDateInTheFutureIsNoNegativeAge() {
    assertEquals(Duration.ZERO,
        Freshness.currentAge(headers("Date: " + at(300)), RECEIVED, RECEIVED, RECEIVED));
  }

  @Test
  void section4_2_3_ageIsCorrectedByTheRoundTrip() {
    Instant sent = RECEIVED.minusSeconds(5);
    Duration age = Freshness.currentAge(headers("Date: " + at(0), "Age: 10"), sent, RECEIVED,
        RECEIVED);
    assertEquals(Duration.ofSeconds(15), age);
  }

  @Test
  void section4_2_3_theLargerOfApparentAndCorrectedAgeIsTaken() {
    Duration age = Freshness.currentAge(headers("Date: " + at(-100), "Age: 10"), RECEIVED,
        RECEIVED, RECEIVED);
    assertEquals(Duration.ofSeconds(100), age);
  }

  @Test
  void section4_2_3_residentTimeIsAdded() {
    Duration age = Freshness.currentAge(headers("Date: " + at(0), "Age: 30"),
        RECEIVED.minusMillis(500), RECEIVED, RECEIVED.plusSeconds(60));
    assertEquals(Duration.ofMillis(90_500), age);
  }

  @Test
  void section4_2_3_withoutDateTheApparentAgeIsZero() {
    assertEquals(Duration.ofSeconds(60), Freshness.currentAge(headers("Date: foo"), RECEIVED,
        RECEIVED, RECEIVED.plusSeconds(60)));
  }

  @Test
  void clockStepsBackwardsCountAsNoTime() {
    Duration age = Freshness.currentAge(headers("Date: " + at(0)), RECEIVED.plusSeconds(30),
        RECEIVED, RECEIVED.minusSeconds(30));
    assertEquals(Duration.ZERO, age);
  }

  @ParameterizedTest(name = "Age [{0}] is {1}")
  @CsvSource(delimiter = '|', textBlock = """
      ''               | 0
      0                | 0
      7200             | 7200
      ' 30 '           | 30
      abc              | 0
      -7200            | 0
      7200.0           | 0
      2147483647       | 2147483647
      2147483648       | 2147483648
      2147483649       | 2147483648
      7200, 0          | 7200
      0, 7200          | 0
      0, 0             | 0
      ', 30'           | 30
      7200 / 0         | 7200
      0 / 7200         | 0
      3600 / 3600      | 3600
      7200;foo=bar     | 7200
      7200;foo=111     | 7200
      """)
  void section5_1_ageValueTakesTheFirstLineAndMemberAndIgnoresJunk(String cell, long expected) {
    assertEquals(expected, Freshness.ageValue(TestHeaders.lines(cell)));
  }

  /** The cache-tests suite's age-parse cases: Date now, max-age=3600 (10000 for the last). */
  @ParameterizedTest(name = "Age [{0}] leaves it fresh: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      abc                   | true
      -7200                 | true
      7200.0                | true
      2147483647            | false
      2147483648            | false
      2147483649            | false
      7200, 0               | false
      0, 7200               | true
      7200 / 0              | false
      0 / 7200              | true
      0, 0                  | true
      0 / 0                 | true
      7200;foo=bar          | false
      7200;foo=111          | false
      """)
  void section5_1_ageParsingFollowsTheCacheTestsSuite(String cell, boolean fresh) {
    List<String> lines = new ArrayList<>(List.of("Date: " + at(0), "Cache-Control: max-age=3600"));
    TestHeaders.lines(cell).forEach(age -> lines.add("Age: " + age));
    assertEquals(fresh, freshOnArrival(headers(lines.toArray(String[]::new))));
  }

  @Test
  void section4_2_3_twoNotOldAgeLinesLeaveItFresh() {
    assertTrue(freshOnArrival(headers("Date: " + at(0), "Cache-Control: max-age=10000",
        "Age: 3600", "Age: 3600")));
  }

  @Test
  void section4_2_ageGreaterThanMaxAgeIsStale() {
    assertFalse(freshOnArrival(headers("Date: " + at(0), "Cache-Control: max-age=3600",
        "Age: 7200")));
  }

  @Test
  void section4_2_maxAgeMeasuredFromAnOldDateIsStale() {
    assertFalse(freshOnArrival(headers("Date: " + at(-7200), "Cache-Control: max-age=3600")));
  }

  @ParameterizedTest(name = "Date {0}, Expires {1}, Age {2}: stale")
  @CsvSource({"-10, 10, 25", "10, 20, 15"})
  void section4_2_ageBeyondExpiresMinusDateIsStaleWhateverTheDateSkew(long date, long expires,
      long age) {
    assertFalse(freshOnArrival(headers("Date: " + at(date), "Expires: " + at(expires),
        "Age: " + age)));
  }

  @ParameterizedTest(name = "lifetime {0}ms, age {1}ms: fresh {2}")
  @CsvSource({"60000, 59999, true", "60000, 60000, false", "60000, 60001, false", "0, 0, false",
      "1, 0, true"})
  void section4_2_freshOnlyWhileLifetimeExceedsAge(long lifetime, long age, boolean fresh) {
    assertEquals(fresh, Freshness.isFresh(Duration.ofMillis(lifetime), Duration.ofMillis(age)));
  }

  @ParameterizedTest(name = "lifetime {0}s, age {1}s: {2}s left, {3}s stale")
  @CsvSource({"60, 20, 40, 0", "60, 60, 0, 0", "60, 100, 0, 40", "0, 5, 0, 5"})
  void remainingAndStalenessSplitAtTheLifetime(long lifetime, long age, long remaining,
      long stale) {
    Duration lifetimeDuration = Duration.ofSeconds(lifetime);
    Duration ageDuration = Duration.ofSeconds(age);
    assertEquals(Duration.ofSeconds(remaining), Freshness.remaining(lifetimeDuration, ageDuration));
    assertEquals(Duration.ofSeconds(stale), Freshness.staleness(lifetimeDuration, ageDuration));
  }

  @ParameterizedTest(name = "{0}ms of age is Age: {1}")
  @CsvSource({"0, 0", "999, 0", "59999, 59", "-5000, 0", "2147483648000, 2147483648",
      "9000000000000000, 2147483648"})
  void section5_1_ageFieldIsWholeSecondsCappedAtTwoToTheThirtyFirst(long millis, String value) {
    assertEquals(value, Freshness.ageFieldValue(Duration.ofMillis(millis)));
  }
}
