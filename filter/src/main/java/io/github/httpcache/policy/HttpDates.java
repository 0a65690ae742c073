package io.github.httpcache.policy;

import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.DAY_OF_WEEK;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.time.temporal.ChronoField.YEAR;

import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads and writes {@code HTTP-date} (RFC 9110 §5.6.7) for {@code Date}, {@code Expires},
 * {@code Last-Modified} and {@code If-Modified-Since}.
 *
 * <p>Parsing accepts the three formats a recipient must: IMF-fixdate
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}).
 * Names match case-insensitively (RFC 9111 §4.2 asks caches to). Anything else is invalid:
 * another zone ({@code UTC}, {@code AEST}), a two-digit year outside RFC 850, doubled spaces,
 * one-digit hours, an unknown day name, or an impossible date such as 31 February. A leap second
 * ({@code :60}) reads as {@code :59}. An RFC 850 two-digit year is the latest year with those
 * digits that is not more than 50 years after {@code now}, as RFC 9110 §5.6.7 prescribes.
 *
 * <p>The day name is not checked against the date: RFC 9110 §5.6.7 asks recipients to be robust,
 * and the http-tests cache-tests suite expects {@code Thu Aug  8 02:01:18 2050} (a Monday) to be
 * read.
 */
public final class HttpDates {
  // Parsing goes through parseUnresolved and resolve(): the formatters' own resolvers would
  // cross-check the day name and cannot window RFC 850 years relative to a given instant.
  private static final DateTimeFormatter IMF_FIXDATE = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendText(DAY_OF_WEEK, TextStyle.SHORT).appendLiteral(", ")
      .appendValue(DAY_OF_MONTH, 2).appendLiteral(' ')
      .appendText(MONTH_OF_YEAR, TextStyle.SHORT).appendLiteral(' ')
      .appendValue(YEAR, 4).appendLiteral(' ')
      .appendValue(HOUR_OF_DAY, 2).appendLiteral(':')
      .appendValue(MINUTE_OF_HOUR, 2).appendLiteral(':')
      .appendValue(SECOND_OF_MINUTE, 2).appendLiteral(" GMT")
      .toFormatter(Locale.US)
      .withZone(ZoneOffset.UTC);

  /** Its YEAR field holds the two digits as written. */
  private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendText(DAY_OF_WEEK, TextStyle.FULL).appendLiteral(", ")
      .appendValue(DAY_OF_MONTH, 2).appendLiteral('-')
      .appendText(MONTH_OF_YEAR, TextStyle.SHORT).appendLiteral('-')
      .appendValue(YEAR, 2).appendLiteral(' ')
      .appendValue(HOUR_OF_DAY, 2).appendLiteral(':')
      .appendValue(MINUTE_OF_HOUR, 2).appendLiteral(':')
      .appendValue(SECOND_OF_MINUTE, 2).appendLiteral(" GMT")
      .toFormatter(Locale.US);

  private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendText(DAY_OF_WEEK, TextStyle.SHORT).appendLiteral(' ')
      .appendText(MONTH_OF_YEAR, TextStyle.SHORT).appendLiteral(' ')
      .padNext(2).appendValue(DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
      .appendLiteral(' ')
      .appendValue(HOUR_OF_DAY, 2).appendLiteral(':')
      .appendValue(MINUTE_OF_HOUR, 2).appendLiteral(':')
      .appendValue(SECOND_OF_MINUTE, 2).appendLiteral(' ')
      .appendValue(YEAR, 4)
      .toFormatter(Locale.US);

  private HttpDates() {}

  /**
   * The instant {@code value} denotes, or empty if it is not a valid HTTP-date. Surrounding spaces
   * and tabs are ignored. {@code now} only anchors RFC 850 two-digit years.
   */
  public static Optional<Instant> parse(String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String text = value.strip();
    Optional<TemporalAccessor> fields = fields(IMF_FIXDATE, text);
    if (fields.isPresent()) {
      return resolve(fields.get(), (int) fields.get().getLong(YEAR));
    }
    fields = fields(ASCTIME, text);
    if (fields.isPresent()) {
      return resolve(fields.get(), (int) fields.get().getLong(YEAR));
    }
    fields = fields(RFC_850, text);
    if (fields.isPresent()) {
      return resolve(fields.get(), fullYear(fields.get(), now));
    }
    return Optional.empty();
  }

  /**
   * A singleton date field given as its field lines: empty when there is no line, when lines
   * disagree (RFC 9111 §4.2.1: conservatively, no first-wins guess), or when the value is invalid.
   * Callers that must tell "absent" from "invalid" check {@code fieldLines.isEmpty()} first.
   */
  public static Optional<Instant> parseField(List<String> fieldLines, Instant now) {
    if (fieldLines.isEmpty()) {
      return Optional.empty();
    }
    String first = fieldLines.get(0).strip();
    for (String line : fieldLines) {
      if (!line.strip().equals(first)) {
        return Optional.empty();
      }
    }
    return parse(first, now);
  }

  /**
   * {@code instant} as IMF-fixdate, truncated to the second, e.g.
   * {@code Sun, 06 Nov 1994 08:49:37 GMT}.
   *
   * @throws DateTimeException if the year is outside 0000–9999, which IMF-fixdate cannot carry
   */
  public static String format(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  private static Optional<TemporalAccessor> fields(DateTimeFormatter format, String text) {
    ParsePosition position = new ParsePosition(0);
    TemporalAccessor fields = format.parseUnresolved(text, position);
    if (fields == null || position.getErrorIndex() >= 0 || position.getIndex() != text.length()) {
      return Optional.empty();
    }
    return Optional.of(fields);
  }

  /** Builds the instant from the raw fields, so an impossible date makes it invalid. */
  private static Optional<Instant> resolve(TemporalAccessor fields, int year) {
    int second = (int) fields.getLong(SECOND_OF_MINUTE);
    try {
      LocalDateTime dateTime = LocalDateTime.of(year, (int) fields.getLong(MONTH_OF_YEAR),
          (int) fields.getLong(DAY_OF_MONTH), (int) fields.getLong(HOUR_OF_DAY),
          (int) fields.getLong(MINUTE_OF_HOUR), second == 60 ? 59 : second);
      return Optional.of(dateTime.toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** RFC 9110 §5.6.7: the latest year ending in these digits not more than 50 years after now. */
  private static int fullYear(TemporalAccessor fields, Instant now) {
    LocalDateTime limit = LocalDateTime.ofInstant(now, ZoneOffset.UTC).plusYears(50);
    int twoDigits = (int) fields.getLong(YEAR);
    int year = limit.getYear() - Math.floorMod(limit.getYear(), 100) + twoDigits;
    if (sortKey(year, fields) > sortKey(limit)) {
      year -= 100;
    }
    return year;
  }

  /** Orders date-times without building them, since a day may not exist in a candidate year. */
  private static long sortKey(int year, TemporalAccessor fields) {
    return ((((year * 100L + fields.getLong(MONTH_OF_YEAR)) * 100 + fields.getLong(DAY_OF_MONTH))
        * 100 + fields.getLong(HOUR_OF_DAY)) * 100 + fields.getLong(MINUTE_OF_HOUR)) * 100
        + fields.getLong(SECOND_OF_MINUTE);
  }

  private static long sortKey(LocalDateTime limit) {
    return ((((limit.getYear() * 100L + limit.getMonthValue()) * 100 + limit.getDayOfMonth())
        * 100 + limit.getHour()) * 100 + limit.getMinute()) * 100 + limit.getSecond();
  }
}
