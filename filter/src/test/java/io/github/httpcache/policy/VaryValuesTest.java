package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The normal form a varied header's request values are compared in, one row per rule. Field lines
 * are separated by {@code " / "}; the suite's {@code vary-normalise-*} tests are the first rows.
 */
class VaryValuesTest {
  @ParameterizedTest(name = "[{index}] {0}: {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # header           | field lines                      | normal form
      accept-language    | en, de                           | de,en
      accept-language    | de, en                           | de,en
      accept-language    | eN, De                           | de,en
      accept-language    | ' en ,   de'                     | de,en
      accept-language    | en / de                          | de,en
      accept-language    | fr;q=0.5, de;q=1.0               | de,fr;q=0.5
      accept-language    | de ; Q=1 , fr;q=0.50             | de,fr;q=0.5
      accept-language    | fr;q=0.500, de;q=1.000           | de,fr;q=0.5
      accept-language    | fr;q=0, de                       | de,fr;q=0
      accept-language    | fr;q=0.000                       | fr;q=0
      accept-language    | fr;q=1.                          | fr
      accept-language    | fr;q=high                        | fr;q=high
      accept-language    | en,,de,                          | de,en
      accept-language    | ''                               | ''
      Accept-Language    | EN-gb                            | en-gb
      accept             | text/HTML;Level=1, */*;q=0.1     | */*;q=0.1,text/html;level=1
      accept             | 'text/html; charset="UTF-8"'     | 'text/html;charset="UTF-8"'
      accept-charset     | UTF-8, ISO-8859-1;q=0.5          | iso-8859-1;q=0.5,utf-8
      foo                | 1, 2                             | 1,2
      foo                | 1 / 2                            | 1,2
      foo                | 1,2                              | 1,2
      foo                | '  1  ,   2 '                    | 1,2
      foo                | 2, 1                             | 2,1
      foo                | A b                              | A b
      foo                | 'A   b'                          | A b
      foo                | '"x, y", z'                      | '"x, y",z'
      """)
  void normalisesOnlyWhatCannotChangeTheSelectedVariant(String header, String lines, String expected) {
    assertEquals(expected, VaryValues.normalise(header, List.of(lines.split(" / ", -1))));
  }
}
