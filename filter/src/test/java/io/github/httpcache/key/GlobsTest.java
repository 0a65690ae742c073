package io.github.httpcache.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Globs are matched in Java only for keys SCAN did not see (fills in progress), so they must match
 * exactly what Redis' SCAN MATCH matches. The rows marked "as Redis" were checked against
 * redis-server 7.0 with {@code SCAN 0 MATCH <glob>}. Keys here are ASCII: Redis matches UTF-8
 * bytes, so there {@code user_??} matches {@code user_é}, which this match by character does not.
 */
class GlobsTest {
  private static boolean matches(String glob, String text) {
    return Globs.toRegex(glob).matcher(text).matches();
  }

  @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # glob               | text                   | matches
      user_*               | user_                  | true
      user_*               | user_5_posts           | true
      user_*               | users_5                | false
      *_posts              | john_posts             | true
      *_posts              | john_posts:page_1      | false
      *_user_5_*           | search_user_5_page_2   | true
      *_user_5_*           | search_user_55_page_2  | false
      *                    | ""                     | true
      *                    | "a\\nb"                | true
      """)
  void starMatchesAnyRunIncludingNone(String glob, String text, boolean expected) {
    assertEquals(expected, matches(glob, text.replace("\\n", "\n")));
  }

  @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # glob         | text      | matches
      user_?         | user_5    | true
      user_?         | user_     | false
      user_?         | user_55   | false
      """)
  void questionMarkMatchesExactlyOneCharacter(String glob, String text, boolean expected) {
    assertEquals(expected, matches(glob, text));
  }

  @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # glob           | text      | matches
      page_[abc]       | page_a    | true
      page_[abc]       | page_c    | true
      page_[abc]       | page_d    | false
      page_[abc]       | page_ab   | false
      page_[^a]        | page_b    | true
      page_[^a]        | page_a    | false
      page_[^a]        | page_     | false
      page_[a-z]       | page_m    | true
      page_[a-z]       | page_M    | false
      page_[a-z]       | page_-    | false
      page_[0-9][0-9]  | page_42   | true
      page_[^0-9]      | page_7    | false
      """)
  void bracketsMatchOneCharacterOfAClassRangeOrNegation(String glob, String text, boolean expected) {
    assertEquals(expected, matches(glob, text));
  }

  /** Redis' own reading of odd classes, which a plain translation to a Java class gets wrong or throws on. */
  @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2} (as Redis)")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # glob          | text        | matches
      user_[ab        | user_a      | true
      user_[ab        | user_[ab    | false
      user_[          | user_[      | false
      user_[          | user_        | false
      []              | ""          | false
      []              | a           | false
      []a]            | a]          | false
      [^]             | x           | true
      [^]             | ""          | false
      [z-a]           | m           | true
      [\\]]           | ]           | true
      [\\]]           | \\]         | false
      [a-]            | _           | true
      [a-]            | b           | false
      [a\\]           | ]           | true
      [&&a]           | &           | true
      [[]             | [           | true
      """)
  void oddClassesMatchAsRedisReadsThem(String glob, String text, boolean expected) {
    assertEquals(expected, matches(glob, text));
  }

  @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # glob             | text        | matches
      user_\\*           | user_*      | true
      user_\\*           | user_5      | false
      user_\\?           | user_?      | true
      user_\\?           | user_5      | false
      user_\\[a]         | user_[a]    | true
      user_\\[a]         | user_a      | false
      a\\\\b             | a\\b        | true
      a\\b               | ab          | true
      trailing\\         | trailing\\  | true
      """)
  void backslashMakesTheNextCharacterLiteral(String glob, String text, boolean expected) {
    assertEquals(expected, matches(glob, text));
  }

  @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # glob                   | text                     | matches
      GET:/api/posts/.json     | GET:/api/posts/.json     | true
      GET:/api/posts/.json     | GET:/api/posts/xjson     | false
      a.b                      | axb                      | false
      a+b                      | aab                      | false
      a+b                      | a+b                      | true
      "(a|b)"                  | a                        | false
      "(a|b)"                  | "(a|b)"                  | true
      ^a$                      | ^a$                      | true
      {page}                   | {page}                   | true
      a{2}                     | aa                       | false
      \\Qa\\E                  | QaE                      | true
      x\\d                     | x5                       | false
      """)
  void dotsAndRegexMetacharactersMatchLiterally(String glob, String text, boolean expected) {
    assertEquals(expected, matches(glob, text));
  }

  @ParameterizedTest(name = "escaped \"{0}\" matches only itself")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # text
      plain
      ""
      user_*
      a?b
      [abc]
      [^a]
      \\
      back\\slash*
      .+()^$|{}
      ]
      """)
  void escapedTextMatchesItself(String text) {
    assertTrue(matches(Globs.escape(text), text));
  }

  @ParameterizedTest(name = "escaped \"{0}\" does not match \"{1}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # text      | other text
      user_*      | user_5
      user_*      | user_
      a?b         | axb
      [abc]       | a
      [^a]        | b
      \\*         | \\x
      x\\         | x
      """)
  void escapedTextMatchesNothingElse(String text, String other) {
    assertFalse(matches(Globs.escape(text), other));
  }

  @ParameterizedTest(name = "\"{0}\" escapes to \"{1}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # text        | escaped
      user_5        | user_5
      a*b?c         | a\\*b\\?c
      [x]           | \\[x\\]
      a\\b          | a\\\\b
      a-b^c.d       | a-b^c.d
      """)
  void escapeBackslashesOnlyGlobCharacters(String text, String escaped) {
    assertEquals(escaped, Globs.escape(text));
  }
}
