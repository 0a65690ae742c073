package io.github.httpcache.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryStringTest {
  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', nullValues = "(null)", textBlock = """
      # raw query        | decoded parameters, in request order
      (null)             | []
      ''                 | []
      a=1&b=2            | [a:1, b:2]
      b=2&a=1            | [b:2, a:1]
      a                  | [a:]
      a=                 | [a:]
      &&a=1&             | [a:1]
      a=1=2              | [a:1=2]
      q=a+b              | [q:a b]
      q=a%20b            | [q:a b]
      q=a%2Bb            | [q:a+b]
      q=a%26b            | [q:a&b]
      name=%C3%A9        | [name:é]
      name=%c3%a9        | [name:é]
      %6E%61me=x         | [name:x]
      q=%zz              | [q:%zz]
      """)
  void rawQueryIsSplitAndDecoded(String raw, String expected) {
    assertEquals(expected, show(QueryString.parse(raw)));
  }

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource(delimiter = '|', textBlock = """
      # raw query          | canonical form
      a=1&b=2              | a=1&b=2
      b=2&a=1              | a=1&b=2
      a=2&a=10&a=1         | a=1&a=10&a=2
      b=1&a=2&a=1          | a=1&a=2&b=1
      a                    | a=
      q=a+b                | q=a%20b
      q=a%2Bb              | q=a%2Bb
      q=a%26b              | q=a%26b
      q=a%3Db              | q=a%3Db
      q=*                  | q=%2A
      q=-._~               | q=-._~
      q=%7E                | q=~
      name=é               | name=%C3%A9
      name=%c3%a9          | name=%C3%A9
      q=%zz                | q=%25zz
      """)
  void parametersAreSortedByNameThenValueAndReEncoded(String raw, String canonical) {
    assertEquals(canonical, QueryString.canonical(QueryString.parse(raw)));
  }

  private static String show(List<QueryParameter> parameters) {
    return parameters.stream().map(p -> p.name() + ":" + p.value()).collect(Collectors.joining(", ", "[", "]"));
  }
}
