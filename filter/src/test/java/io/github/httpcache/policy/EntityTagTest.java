package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntityTagTest {
  private static EntityTag tag(String text) {
    return EntityTag.parse(text).orElseThrow();
  }

  @ParameterizedTest(name = "[{0}] weak={1} opaque={2}")
  @CsvSource(delimiter = '|', textBlock = """
      "abc"         | false | "abc"
      W/"abc"       | true  | "abc"
      ""            | false | ""
      ' "abc" '     | false | "abc"
      "a/b=c!#"     | false | "a/b=c!#"
      "abcdefü"     | false | "abcdefü"
      """)
  void rfc9110_section8_8_3_entityTagsAreRead(String text, boolean weak, String opaque) {
    assertEquals(new EntityTag(weak, opaque), tag(text));
  }

  @ParameterizedTest(name = "[{0}] is not an entity-tag")
  @ValueSource(strings = {"", "abc", "w/\"abc\"", "W\\\"abc\"", "W\"abc\"", "\"abc", "abc\"",
      "\"a b\"", "\"a\"b\"", "\"abc\" x", "\"a\", \"b\"", "*", "W/ \"abc\"", "\"\u0100\""})
  void rfc9110_section8_8_3_anythingElseIsInvalid(String text) {
    assertEquals(Optional.empty(), EntityTag.parse(text));
  }

  @ParameterizedTest(name = "{0} vs {1}: strong {2}, weak {3}")
  @CsvSource(delimiter = '|', textBlock = """
      W/"1" | W/"1" | false | true
      W/"1" | W/"2" | false | false
      W/"1" | "1"   | false | true
      "1"   | "1"   | true  | true
      "1"   | "2"   | false | false
      "a"   | "A"   | false | false
      """)
  void rfc9110_section8_8_3_2_comparisonTable(String a, String b, boolean strong, boolean weak) {
    assertEquals(strong, tag(a).stronglyMatches(tag(b)));
    assertEquals(strong, tag(b).stronglyMatches(tag(a)));
    assertEquals(weak, tag(a).weaklyMatches(tag(b)));
    assertEquals(weak, tag(b).weaklyMatches(tag(a)));
  }

  @Test
  void listsSpanLinesAndSkipEmptyMembers() {
    assertEquals(Optional.of(List.of(tag("\"a\""), tag("W/\"b\""), tag("\"c\""))),
        EntityTag.parseList(List.of(" \"a\" ,, W/\"b\"", ",\"c\",")));
  }

  @ParameterizedTest(name = "[{0}] is not a list of entity-tags")
  @ValueSource(strings = {"abc", "\"a\" \"b\"", "\"a\", b", "*, \"a\"", "\"a\",w/\"b\"",
      "\"a"})
  void aBrokenListIsNotGuessedAt(String line) {
    assertEquals(Optional.empty(), EntityTag.parseList(List.of(line)));
  }

  @Test
  void fromFieldReadsTheFirstLine() {
    assertEquals(Optional.of(tag("\"x\"")), EntityTag.fromField(List.of("\"x\"", "\"y\"")));
    assertEquals(Optional.empty(), EntityTag.fromField(List.of()));
  }

  @ParameterizedTest(name = "[{0}] prints as [{1}]")
  @CsvSource(delimiter = '|', textBlock = """
      ' "abc" ' | "abc"
      W/"abc"   | W/"abc"
      """)
  void printsInFieldValueForm(String text, String printed) {
    assertEquals(printed, tag(text).toString());
  }
}
