package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {
  /** RFC 9110 §12.5.3: a coding with q=0 is "not acceptable"; an explicit coding overrides {@code *}. */
  @ParameterizedTest(name = "Accept-Encoding: {0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "(null)", textBlock = """
      # Accept-Encoding               | gzip acceptable
      gzip                            | true
      x-gzip                          | true
      GZIP                            | true
      Gzip                            | true
      gzip;q=1                        | true
      gzip; q=0.5                     | true
      gzip;Q=0.001                    | true
      gzip;q=0                        | false
      gzip;q=0.0                      | false
      gzip;q=0.000                    | false
      gzip ; q=0                      | false
      gzip;q=oops                     | false
      deflate, gzip                   | true
      br, gzip;q=0.5                  | true
      br;q=1.0, gzip;q=0.8, *;q=0.1   | true
      *                               | true
      *;q=0                           | false
      *, gzip;q=0                     | false
      gzip;q=0, *                     | false
      *;q=0, gzip                     | true
      identity                        | false
      br                              | false
      deflate, br                     | false
      ''                              | false
      (null)                          | false
      """)
  void acceptsGzipWhenGzipOrAWildcardHasANonZeroQuality(String header, boolean acceptable) {
    assertEquals(acceptable, AcceptEncoding.acceptsGzip(header));
  }
}
