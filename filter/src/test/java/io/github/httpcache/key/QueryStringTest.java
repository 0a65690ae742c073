package io.github.httpcache.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
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
      q=%25zz            | [q:%zz]
      q=a%zz%41          | [q:a%zzA]
      q=%ff              | [q:\uFFFD]
      q=%C3              | [q:\uFFFD]
      q=%4               | [q:%4]
      q=%                | [q:%]
      """)
  void rawQueryIsSplitAndDecoded(String raw, String expected) {
    assertEquals(expected, show(QueryString.parse(raw)));
  }

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource(delimiter = '|', textBlock = """
      # raw query          | canonical form
      a=1&b=2              | a=1&b=2
      b=2&a=1              | a=1&b=2
      a=2&a=10&a=1         | a=2&a=10&a=1
      b=1&a=2&a=1          | a=2&a=1&b=1
      a=2&b=1&a=1          | a=2&a=1&b=1
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
      q=%zz                | q=%%zz
      q=%25zz              | q=%25zz
      q=%%41B              | q=%%AB
      q=%ab                | q=%AB
      q=%ff                | q=%FF
      q=\uFFFD             | q=%EF%BF%BD
      q=%                  | q=%%
      %41=%7a              | A=z
      """)
  void parametersAreSortedByNameOnlyAndTheirRawBytesReEncoded(String raw, String canonical) {
    assertEquals(canonical, QueryString.canonical(QueryString.parse(raw)));
  }

  @ParameterizedTest(name = "\"{0}\" and \"{1}\" decode alike but are kept apart")
  @CsvSource(delimiter = '|', textBlock = """
      # raw query  | another spelling of the same decoded strings
      q=%ff        | q=\uFFFD
      q=%ff        | q=%EF%BF%BD
      q=%C3        | q=%ff
      q=%zz        | q=%25zz
      q=%          | q=%25
      %ff=1        | \uFFFD=1
      """)
  void queriesWhoseBytesDifferHaveDifferentCanonicalForms(String one, String other) {
    assertEquals(show(QueryString.parse(one)), show(QueryString.parse(other)));
    assertNotEquals(QueryString.canonical(QueryString.parse(one)), QueryString.canonical(QueryString.parse(other)));
  }

  /** A broken escape's '%' written as a bare '%' would let {@code %%41B} read as {@code %AB}. */
  @Test
  void aBrokenEscapeCannotBeReadAsAnEscapeWithWhatFollowsIt() {
    assertNotEquals(QueryString.canonical(QueryString.parse("q=%ab")), QueryString.canonical(QueryString.parse("q=%%41B")));
  }

  @ParameterizedTest(name = "\"{0}\" and \"{1}\" are one canonical query")
  @CsvSource(delimiter = '|', textBlock = """
      # raw query    | an equivalent spelling
      q=A            | q=%41
      q=a+b          | q=a%20b
      %71=1          | q=1
      name=é         | name=%c3%a9
      b=2&a=1        | a=1&b=2
      b=2&a=1&a=3    | a=1&b=2&a=3
      """)
  void equivalentSpellingsShareACanonicalForm(String one, String other) {
    assertEquals(QueryString.canonical(QueryString.parse(one)), QueryString.canonical(QueryString.parse(other)));
  }

  @ParameterizedTest(name = "new QueryParameter(\"{0}\", \"{1}\") keys as \"{2}\"")
  @CsvSource(delimiter = '|', textBlock = """
      # name | value | key form
      a      | 1     | a=1
      a b    | %     | a%20b=%25
      é      | ''    | %C3%A9=
      """)
  void aParameterWithNoRawSpellingKeysAsItsEncodedStrings(String name, String value, String keyForm) {
    QueryParameter parameter = new QueryParameter(name, value);

    assertEquals(keyForm, parameter.keyForm());
    assertEquals(show(List.of(parameter)), show(QueryString.parse(parameter.raw())));
  }

  private static String show(List<QueryParameter> parameters) {
    return parameters.stream().map(p -> p.name() + ":" + p.value()).collect(Collectors.joining(", ", "[", "]"));
  }
}
