package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.httpcache.config.KeyTemplate.Kind;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class KeyTemplateTest {
  private static final Set<String> PATH_VARIABLES = Set.of("id", "user_id", "username");

  private static KeyTemplate compile(Kind kind, String template) {
    return KeyTemplate.compile("entry", template, kind, PATH_VARIABLES);
  }

  private static String compileError(Kind kind, String template) {
    return assertThrows(ConfigException.class, () -> compile(kind, template)).getMessage();
  }

  /** {@code name=value&name=value}, or nothing for an empty or absent text. */
  private static Map<String, String> values(String text) {
    Map<String, String> values = new HashMap<>();
    if (text != null && !text.isEmpty()) {
      for (String pair : text.split("&")) {
        int equals = pair.indexOf('=');
        values.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
    }
    return values;
  }

  private static Optional<String> expand(Kind kind, String template, String pathVariables, String query) {
    return compile(kind, template).expand(values(pathVariables), values(query));
  }

  private static String expandAsPattern(Kind kind, String template, String pathVariables, String query) {
    return compile(kind, template).expandAsPattern(values(pathVariables), values(query));
  }

  @ParameterizedTest(name = "{0} {1} with path [{2}] and query [{3}] -> {4}")
  @CsvSource(delimiter = '|', nullValues = "(none)", textBlock = """
      # kind   | template                            | path variables      | query                    | expanded
      KEY      | GET:/api/users/{id}                 | id=1                | (none)                   | GET:/api/users/1
      PATTERN  | user_{user_id}_*                    | user_id=5           | (none)                   | user_5_*
      TAG      | user-{user_id}                      | user_id=5           | (none)                   | user-5
      KEY      | {username}_posts:page_{page}        | username=john       | page=2                   | john_posts:page_2
      PATTERN  | search_{q}_*                        | (none)              | q=shoes                  | search_shoes_*
      KEY      | latest_posts:global                 | (none)              | (none)                   | latest_posts:global
      """)
  void expandFillsPlaceholdersFromPathVariablesThenQuery(Kind kind, String template, String pathVariables,
      String query, String expanded) {
    assertEquals(Optional.of(expanded), expand(kind, template, pathVariables, query));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void pathVariableWinsOverAQueryParameterOfTheSameName(Kind kind) {
    assertEquals(Optional.of("user-1"), expand(kind, "user-{id}", "id=1", "id=2"));
  }

  @ParameterizedTest(name = "{0} with query [{1}] -> {2}")
  @CsvSource(delimiter = '|', nullValues = "(none)", textBlock = """
      # template                                                    | query                     | expanded
      {username}_posts:page_{page:1}                                | (none)                    | john_posts:page_1
      {username}_posts:page_{page:1}                                | page=3                    | john_posts:page_3
      {username}_posts:page_{page:1}:items_per_page_{items:10}      | items=50                  | john_posts:page_1:items_per_page_50
      {username}:{sort:}                                            | (none)                    | john:
      {username}:{range:a:b}                                        | (none)                    | john:a:b
      """)
  void placeholderWithoutAValueTakesItsDefault(String template, String query, String expanded) {
    assertEquals(Optional.of(expanded), expand(Kind.KEY, template, "username=john", query));
  }

  @ParameterizedTest(name = "{0} {1} -> empty")
  @CsvSource(delimiter = '|', textBlock = """
      # kind   | template
      KEY      | user_posts:{user_id}
      KEY      | {username}_posts:page_{page}
      PATTERN  | user_{user_id}_*
      TAG      | user-{user_id}
      """)
  void placeholderWithoutAValueOrDefaultExpandsToNothing(Kind kind, String template) {
    assertEquals(Optional.empty(), expand(kind, template, "username=john", "other=1"));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # kind   | value       | expanded
      KEY      | a?b         | key:a%3Fb
      KEY      | a#user=x    | key:a%23user=x
      KEY      | 100%        | key:100%25
      KEY      | a*[b]\\     | key:a*[b]\\
      TAG      | a?b*        | key:a%3Fb*
      PATTERN  | a?b         | key:a%3Fb
      PATTERN  | a*[b]\\     | key:a\\*\\[b\\]\\\\
      """)
  void valuesAreEscapedAsInKeysAndGlobEscapedInPatterns(Kind kind, String value, String expanded) {
    assertEquals(Optional.of(expanded), expand(kind, "key:{id}", "id=" + value, null));
  }

  @ParameterizedTest(name = "{0} {1} with query [{2}] -> {3}")
  @CsvSource(delimiter = '|', nullValues = "(none)", textBlock = """
      # kind   | template                          | query          | pattern
      KEY      | user_posts:{user_id}              | (none)         | user_posts:*
      KEY      | user_posts:{user_id}              | user_id=5      | user_posts:5
      KEY      | {username}_posts:page_{page}      | (none)         | john_posts:page_*
      KEY      | {username}_posts:page_{page:1}    | (none)         | john_posts:page_1
      KEY      | {a}:{b}                           | (none)         | *:*
      PATTERN  | user_{user_id}_*                  | (none)         | user_*_*
      PATTERN  | *_user_{user_id}_*                | user_id=5      | *_user_5_*
      PATTERN  | search_results_*                  | (none)         | search_results_*
      """)
  void expandAsPatternPutsAStarForEachPlaceholderWithoutAValue(Kind kind, String template, String query,
      String pattern) {
    assertEquals(pattern, expandAsPattern(kind, template, "username=john", query));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # kind   | template                          | pattern
      KEY      | GET:/api/search?q={q}             | GET:/api/search\\?q=*
      KEY      | tag[1]*:{q}                       | tag\\[1\\]\\*:*
      KEY      | back\\slash:{q}                   | back\\\\slash:*
      PATTERN  | GET:/api/search?q={q}             | GET:/api/search?q=*
      PATTERN  | tag[1]*:{q}                       | tag[1]*:*
      """)
  void literalGlobCharactersAreEscapedInKeysButKeptInPatterns(Kind kind, String template, String pattern) {
    assertEquals(pattern, expandAsPattern(kind, template, "", ""));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # kind   | value          | pattern
      KEY      | x*y            | key:x\\*y
      KEY      | [a]            | key:\\[a\\]
      KEY      | a?b            | key:a%3Fb
      KEY      | x*y?z#         | key:x\\*y%3Fz%23
      PATTERN  | x*y?z#         | key:x\\*y%3Fz%23
      PATTERN  | back\\slash    | key:back\\\\slash
      """)
  void expandAsPatternPathEscapesThenGlobEscapesValues(Kind kind, String value, String pattern) {
    assertEquals(pattern, expandAsPattern(kind, "key:{id}", "id=" + value, ""));
  }

  @ParameterizedTest(name = "{0} \"{1}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # kind   | template                  | expected
      KEY      | GET /api/users/{id}       | a logical key such as GET:/api/users/{id}, without spaces
      KEY      | ""                        | a logical key such as GET:/api/users/{id}, without spaces
      KEY      | "user:{id}\t"             | a logical key such as GET:/api/users/{id}, without spaces
      PATTERN  | user_{user_id} *          | a pattern such as GET:/api/users/* or user_{user_id}_*, without spaces
      TAG      | user {id}                 | a tag such as user-{id}, without spaces
      """)
  void templateWithWhitespaceOrEmptyIsRejected(Kind kind, String template, String expected) {
    String text = template.replace("\\t", "\t");

    assertEquals("entry = \"" + text + "\": expected " + expected, compileError(kind, text));
  }

  @ParameterizedTest(name = "{0} \"{1}\"")
  @CsvSource(delimiter = '|', textBlock = """
      # kind   | template
      KEY      | user:{id
      KEY      | user:id}
      KEY      | user:{{id}}
      KEY      | user:{}
      KEY      | user:{1id}
      KEY      | user:{user-id}
      KEY      | user:{id:{x}}
      PATTERN  | user_}{id}{_*
      TAG      | user-{id
      """)
  void unbalancedOrMalformedBracesAreRejected(Kind kind, String template) {
    assertEquals("entry = \"" + template + "\": expected placeholders as {name} or {name:default}",
        compileError(kind, template));
  }

  @ParameterizedTest(name = "tag \"{0}\"")
  @CsvSource(delimiter = '|', textBlock = """
      # template                | offending placeholder
      user-{uid}                | uid
      user-{id}-{page}          | page
      page-{page:1}             | page
      """)
  void tagPlaceholderMustBeAPathVariable(String template, String placeholder) {
    assertEquals("entry = \"" + template + "\": {" + placeholder
            + "} is not a path variable; a tag can only use those",
        compileError(Kind.TAG, template));
  }

  @ParameterizedTest(name = "{0} {1} may use a query parameter")
  @CsvSource(delimiter = '|', textBlock = """
      # kind   | template
      KEY      | user_posts:{uid}
      PATTERN  | user_{uid}_*
      """)
  void keysAndPatternsMayUseQueryParameters(Kind kind, String template) {
    assertEquals(Optional.of(template.replace("{uid}", "7")), expand(kind, template, "", "uid=7"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"GET:/api/users/{id}", "user_{user_id}_*", "{username}_posts:page_{page:1}"})
  void toStringIsTheTemplateAsConfigured(String template) {
    assertEquals(template, compile(Kind.KEY, template).toString());
  }

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # decoded path         | in a key
      /api/users/1           | /api/users/1
      /a?b=1                 | /a%3Fb=1
      /a#user=alice          | /a%23user=alice
      /100%                  | /100%25
      /%3F                   | /%253F
      ""                     | ""
      """)
  void escapePathEscapesPercentQuestionMarkAndHash(String path, String escaped) {
    assertEquals(escaped, KeyTemplate.escapePath(path));
  }
}
