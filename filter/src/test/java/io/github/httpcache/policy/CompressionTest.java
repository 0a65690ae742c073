package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompressionTest {
  private static final int MINIMUM = 1024;

  @ParameterizedTest(name = "Content-Type: {0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "(null)", textBlock = """
      # Content-Type                       | worth compressing
      text/html                            | true
      text/plain; charset=utf-8            | true
      TEXT/CSS                             | true
      application/json                     | true
      application/json; charset=utf-8      | true
      Application/JSON;charset=UTF-8       | true
      application/problem+json             | true
      application/xml                      | true
      application/atom+xml                 | true
      application/javascript               | true
      image/svg+xml                        | true
      image/png                            | false
      image/jpeg                           | false
      application/octet-stream             | false
      application/zip                      | false
      application/gzip                     | false
      video/mp4                            | false
      ''                                   | false
      (null)                               | false
      """)
  void textLikeMediaTypesAreWorthCompressing(String contentType, boolean worth) {
    assertEquals(worth, Compression.worthCompressing(contentType, List.of(), 4096, MINIMUM));
  }

  @ParameterizedTest(name = "{0} bytes with a minimum of 1024 -> {1}")
  @CsvSource({"0, false", "1, false", "1023, false", "1024, true", "1025, true", "1048576, true"})
  void bodyBelowTheMinimumSizeIsNotWorthCompressing(int size, boolean worth) {
    assertEquals(worth, Compression.worthCompressing("application/json", List.of(), size, MINIMUM));
  }

  @ParameterizedTest(name = "Content-Encoding: {0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # Content-Encoding field lines, ; between lines | worth compressing
      gzip                                         | false
      GZIP                                         | false
      br                                           | false
      deflate                                      | false
      identity;gzip                                | false
      identity                                     | true
      Identity                                     | true
      ' identity '                                 | true
      ''                                           | true
      """)
  void bodyAlreadyEncodedByTheOriginIsNotWorthCompressing(String fieldLines, boolean worth) {
    List<String> contentEncoding = List.of(fieldLines.split(";", -1));

    assertEquals(worth, Compression.worthCompressing("text/html", contentEncoding, 4096, MINIMUM));
  }
}
