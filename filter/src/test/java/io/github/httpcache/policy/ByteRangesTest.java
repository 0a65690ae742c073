package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Range request against a stored complete response, one row per rule of RFC 9110 §14 and
 * §13.1.5. The stored response is 11 bytes with {@code ETag: "v1"}; "modified" is its
 * {@code Last-Modified}, "dated" its {@code Date} ("-" for none). The suite's {@code partial-*}
 * requests are among the rows.
 */
class ByteRangesTest {
  private static final Instant MODIFIED = Instant.parse("2026-12-05T12:00:00Z");
  private static final String MODIFIED_TEXT = "Sat, 05 Dec 2026 12:00:00 GMT";

  private static String describe(ByteRanges.Selection selection) {
    if (selection instanceof ByteRanges.Part part) {
      return "206 " + part.contentRange() + " (" + part.size() + ")";
    } else if (selection instanceof ByteRanges.Unsatisfiable none) {
      return "416 " + none.contentRange();
    }
    return "whole " + ((ByteRanges.Whole) selection).reason();
  }

  @ParameterizedTest(name = "[{index}] {0} Range: {1}, If-Range: {2} -> {5}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # method | Range              | If-Range            | modified        | dated                 | selection
      GET      | -                  | -                   | -               | -                     | whole no-range
      GET      | -                  | '"v1"'              | -               | -                     | whole no-range
      GET      | bytes=0-1          | -                   | -               | -                     | 206 bytes 0-1/11 (2)
      GET      | bytes=1-           | -                   | -               | -                     | 206 bytes 1-10/11 (10)
      GET      | bytes=-1           | -                   | -               | -                     | 206 bytes 10-10/11 (1)
      GET      | bytes=-5           | -                   | -               | -                     | 206 bytes 6-10/11 (5)
      GET      | bytes=-20          | -                   | -               | -                     | 206 bytes 0-10/11 (11)
      GET      | bytes=0-100        | -                   | -               | -                     | 206 bytes 0-10/11 (11)
      GET      | bytes=10-10        | -                   | -               | -                     | 206 bytes 10-10/11 (1)
      GET      | ' bytes = 2-3 '    | -                   | -               | -                     | 206 bytes 2-3/11 (2)
      GET      | BYTES=2-3          | -                   | -               | -                     | 206 bytes 2-3/11 (2)
      GET      | bytes=11-          | -                   | -               | -                     | 416 bytes */11
      GET      | bytes=11-20        | -                   | -               | -                     | 416 bytes */11
      GET      | bytes=-0           | -                   | -               | -                     | 416 bytes */11
      GET      | bytes=3-2          | -                   | -               | -                     | whole syntax
      GET      | bytes=-            | -                   | -               | -                     | whole syntax
      GET      | bytes=a-b          | -                   | -               | -                     | whole syntax
      GET      | bytes=1-2-3        | -                   | -               | -                     | whole syntax
      GET      | bytes=99999999999999999999- | -          | -               | -                     | whole syntax
      GET      | bytes=0-1,3-4      | -                   | -               | -                     | whole multiple
      GET      | bytes=0-1,         | -                   | -               | -                     | whole multiple
      GET      | items=0-1          | -                   | -               | -                     | whole unit
      GET      | 0-1                | -                   | -               | -                     | whole unit
      HEAD     | bytes=0-1          | -                   | -               | -                     | whole method
      POST     | bytes=0-1          | -                   | -               | -                     | whole method
      GET      | bytes=0-1          | '"v1"'              | -               | -                     | 206 bytes 0-1/11 (2)
      GET      | bytes=0-1          | '"v2"'              | -               | -                     | whole if-range
      GET      | bytes=0-1          | 'W/"v1"'            | -               | -                     | whole if-range
      GET      | bytes=0-1          | 'v1'                | -               | -                     | whole if-range
      GET      | bytes=0-1          | modified            | modified        | 2026-12-06T12:00:00Z  | 206 bytes 0-1/11 (2)
      GET      | bytes=0-1          | modified            | modified        | 2026-12-05T12:00:01Z  | 206 bytes 0-1/11 (2)
      GET      | bytes=0-1          | modified            | modified        | 2026-12-05T12:00:00Z  | whole if-range
      GET      | bytes=0-1          | modified            | modified        | -                     | whole if-range
      GET      | bytes=0-1          | modified            | -               | 2026-12-06T12:00:00Z  | whole if-range
      GET      | bytes=0-1          | 'Sat, 05 Dec 2026 12:00:01 GMT' | modified | 2026-12-06T12:00:00Z | whole if-range
      GET      | bytes=0-1          | yesterday           | modified        | 2026-12-06T12:00:00Z  | whole if-range
      GET      | bytes=99-          | '"v2"'              | -               | -                     | whole if-range
      """)
  void selectsOneRangeOfAStoredCompleteResponse(String method, String range, String ifRange, String modified,
      String dated, String expected) {
    ByteRanges.Stored stored = new ByteRanges.Stored("\"v1\"", Optional.ofNullable(modified).map(m -> MODIFIED),
        Optional.ofNullable(dated).map(Instant::parse));
    String condition = "modified".equals(ifRange) ? MODIFIED_TEXT : ifRange;

    assertEquals(expected, describe(ByteRanges.select(method, range, condition, 11, stored)));
  }

  @ParameterizedTest(name = "[{index}] an empty body, Range: {0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      bytes=0-     | 416 bytes */0
      bytes=-1     | 416 bytes */0
      """)
  void nothingOfAnEmptyBodyCanBeSelected(String range, String expected) {
    assertEquals(expected, describe(ByteRanges.select("GET", range, null, 0,
        new ByteRanges.Stored("\"v1\"", Optional.empty(), Optional.empty()))));
  }
}
