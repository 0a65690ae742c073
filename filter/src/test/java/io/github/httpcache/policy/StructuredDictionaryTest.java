package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8941 §4.2.2 dictionaries, as RFC 9213 targeted fields are written: one row per field value. */
class StructuredDictionaryTest {
  /** {@code invalid}, or each member as {@code key=TYPE:text} in order. */
  private static String parsed(String... lines) {
    Optional<Map<String, StructuredDictionary.Member>> dictionary = StructuredDictionary.parse(List.of(lines));
    return dictionary.map(members -> members.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue().type() + ":" + e.getValue().text())
        .collect(Collectors.joining(" "))).orElse("invalid");
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # field value                          | members, or invalid
      max-age=3600                           | max-age=INTEGER:3600
      max-age=3600, private                  | max-age=INTEGER:3600 private=BOOLEAN:true
      max-age=3600,private                   | max-age=INTEGER:3600 private=BOOLEAN:true
      'max-age=3600 ,\tprivate'              | max-age=INTEGER:3600 private=BOOLEAN:true
      foobar, max-age=3600                   | foobar=BOOLEAN:true max-age=INTEGER:3600
      max-age=2147483648                     | max-age=INTEGER:2147483648
      max-age=99999999999                    | max-age=INTEGER:99999999999
      max-age=-1                             | max-age=INTEGER:-1
      max-age=1.5                            | max-age=DECIMAL:1.5
      max-age="3600"                         | max-age=STRING:3600
      max-age=abc                            | max-age=TOKEN:abc
      no-store=?0                            | no-store=BOOLEAN:false
      no-store=?1                            | no-store=BOOLEAN:true
      private=:aGk=:                         | private=BINARY:aGk=
      no-cache=(a b)                         | no-cache=INNER_LIST:(a b)
      max-age=60;foo=bar                     | max-age=INTEGER:60
      private;x                              | private=BOOLEAN:true
      max-age=1, max-age=2                   | max-age=INTEGER:2
      *ext=1                                 | *ext=INTEGER:1
      max-age =100                           | invalid
      max-age= 100                           | invalid
      MaX-aGe=3600                           | invalid
      'max-age=10000, &&&&&'                 | invalid
      max-age=3600,                          | invalid
      ', max-age=3600'                       | invalid
      max-age=1234567890123456               | invalid
      max-age=1.2345                         | invalid
      max-age="unterminated                  | invalid
      'max-age="a\\b"'                       | invalid
      max-age=3600 private                   | invalid
      ''                                     | invalid
      """)
  void parsesOrRejectsTheWholeField(String value, String expected) {
    assertEquals(expected, parsed(value));
  }

  @ParameterizedTest(name = "[{index}] {0} / {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      max-age=60   | private     | max-age=INTEGER:60 private=BOOLEAN:true
      max-age=60   | max-age=0   | max-age=INTEGER:0
      max-age=60   | '&'         | invalid
      """)
  void fieldLinesAreCombinedIntoOneValue(String first, String second, String expected) {
    assertEquals(expected, parsed(first, second));
  }
}
