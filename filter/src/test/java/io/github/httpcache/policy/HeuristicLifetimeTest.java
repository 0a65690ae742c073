package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.config.HeuristicFreshness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 9111 §4.2.2 heuristic freshness as a table. Dates are written as seconds before the time the
 * response was received ({@code Last-Modified: -86400} is a day before); "-" is no lifetime.
 */
class HeuristicLifetimeTest {
  private static final Instant RECEIVED = Instant.parse("2026-12-06T12:00:00Z");

  private static Map<String, List<String>> headers(String lines) {
    Map<String, List<String>> headers = new HashMap<>();
    for (String line : lines.split(" / ")) {
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).trim().toLowerCase();
      String value = line.substring(colon + 1).trim();
      if ((name.equals("last-modified") || name.equals("date") || name.equals("expires")) && value.matches("-?\\d+")) {
        value = HttpDates.format(RECEIVED.plusSeconds(Long.parseLong(value)));
      }
      headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return headers;
  }

  @ParameterizedTest(name = "[{index}] {0} {1} with {2} -> {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # status | response headers                                        | settings (percent, cap s) | lifetime s
      200      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | 8640
      200      | Last-Modified: -86400 / Date: 0                         | off                       | -
      200      | Last-Modified: -86400                                   | 10% 86400                 | 8640
      200      | Last-Modified: -86400 / Date: -3600                     | 10% 86400                 | 8280
      200      | Last-Modified: -8640000 / Date: 0                       | 10% 86400                 | 86400
      200      | Last-Modified: -8640000 / Date: 0                       | 10% 3600                  | 3600
      200      | Last-Modified: -5 / Date: 0                             | 10% 86400                 | 0
      200      | Last-Modified: -86400 / Date: 0                         | 2.5% 86400                | 2160
      200      | Last-Modified: 60 / Date: 0                             | 10% 86400                 | -
      200      | Last-Modified: 0 / Date: 0                              | 10% 86400                 | -
      200      | Last-Modified: yesterday / Date: 0                      | 10% 86400                 | -
      200      | Date: 0                                                 | 10% 86400                 | -
      200      | Last-Modified: -86400 / Cache-Control: max-age=60       | 10% 86400                 | -
      200      | Last-Modified: -86400 / Cache-Control: s-maxage=0       | 10% 86400                 | -
      200      | Last-Modified: -86400 / Expires: 3600 / Date: 0         | 10% 86400                 | -
      200      | Last-Modified: -86400 / Expires: 0 / Date: 0            | 10% 86400                 | -
      200      | Last-Modified: -86400 / Cache-Control: no-transform     | 10% 86400                 | 8640
      203      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | 8640
      204      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | 8640
      206      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | 8640
      300      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | 8640
      301      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | 8640
      308      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | 8640
      404      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | 8640
      405      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | 8640
      410      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | 8640
      414      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | 8640
      501      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | 8640
      201      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | -
      202      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | -
      302      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | -
      403      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | -
      502      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | -
      503      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | -
      599      | Last-Modified: -86400 / Date: 0                         | 10% 86400                 | -
      599      | Last-Modified: -86400 / Date: 0 / Cache-Control: public | 10% 86400                 | 8640
      """)
  void aShareOfTheTimeSinceLastModifiedForHeuristicallyCacheableResponsesWithoutExplicitFreshness(int status,
      String lines, String settings, String expected) {
    HeuristicFreshness heuristic = settings.equals("off") ? HeuristicFreshness.OFF
        : new HeuristicFreshness(Double.parseDouble(settings.substring(0, settings.indexOf('%'))) / 100,
            Duration.ofSeconds(Long.parseLong(settings.substring(settings.indexOf(' ') + 1))));

    String lifetime = HeuristicLifetime.of(status, headers(lines), RECEIVED, heuristic)
        .map(d -> Long.toString(d.toSeconds())).orElse("-");

    assertEquals(expected, lifetime);
  }
}
