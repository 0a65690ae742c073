package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CacheDirectivesTest {
  private static CacheDirectives parse(String... fieldLines) {
    return CacheDirectives.parse(List.of(fieldLines));
  }

  @ParameterizedTest(name = "[{0}] has max-age={1}")
  @CsvSource(delimiter = '|', textBlock = """
      max-age=60                            | 60
      MAX-AGE=60                            | 60
      MaX-aGe=3600                          | 3600
      '  max-age=60  '                      | 60
      '\tmax-age=60\t'                      | 60
      max-age=60,                           | 60
      ',max-age=60'                         | 60
      ', , max-age=60 ,,'                   | 60
      public,max-age=60                     | 60
      'public  ,  max-age=60  ,  foo'       | 60
      foobar, max-age=3600                  | 3600
      max-age=003600                        | 3600
      max-age=0                             | 0
      max-age="3600"                        | 3600
      max-age="36\\00"                      | 3600
      max-age=2147483647                    | 2147483647
      max-age=2147483648                    | 2147483648
      max-age=2147483649                    | 2147483648
      max-age=99999999999                   | 2147483648
      max-age=60, max-age=60                | 60
      max-age=60, max-age=060               | 60
      extension="max-age=3600", max-age=1   | 1
      max-age=1, extension="max-age=3600"   | 1
      x="a,b\\"c, max-age=9", max-age=5     | 5
      max-age=5, private="a, max-age=9"     | 5
      """)
  void section5_2_maxAgeIsReadFromTheListSyntax(String fieldValue, long seconds) {
    assertEquals(DeltaSeconds.of(seconds), parse(fieldValue).maxAge());
  }

  @ParameterizedTest(name = "[{0}] has an invalid max-age")
  @ValueSource(strings = {
      "max-age=-3600", "max-age=", "max-age=,public", "max-age", "max-age=a3600", "max-age=3600a",
      "max-age=3600.0", "max-age=3600.5", "max-age='3600'", "max-age =3600", "max-age= 3600",
      "max-age = 3600", "max-age=\"\"", "max-age=\"36 00\"", "max-age=\"3600", "max-age=+3600",
      "max-age=0x10", "max-age=3600 3600", "max-age=3600\"x\"", "max-age=1800, max-age=1",
      "max-age=1, max-age=1800", "max-age=60, max-age", "max-age=60, max-age=x"})
  void section4_2_1_malformedOrConflictingMaxAgeIsInvalid(String fieldValue) {
    assertEquals(DeltaSeconds.invalid(), parse(fieldValue).maxAge());
  }

  @Test
  void section4_2_1_conflictingMaxAgeOnSeparateLinesIsInvalid() {
    assertEquals(DeltaSeconds.invalid(), parse("max-age=1800", "max-age=1").maxAge());
    assertEquals(DeltaSeconds.invalid(), parse("max-age=1", "max-age=1800").maxAge());
  }

  @Test
  void section5_2_fieldLinesFormOneList() {
    CacheDirectives directives = parse("public", "max-age=5", "s-maxage=7");
    assertTrue(directives.isPublic());
    assertEquals(DeltaSeconds.of(5), directives.maxAge());
    assertEquals(DeltaSeconds.of(7), directives.sMaxAge());
  }

  @ParameterizedTest(name = "[{0}] has no max-age")
  @ValueSource(strings = {"", " ", ",", " , ,", "public", "no-cache", "s-maxage=10",
      "private=\"max-age=10\"", "x-max-age=10", "max-agee=10"})
  void absentMaxAgeIsAbsent(String fieldValue) {
    assertEquals(DeltaSeconds.absent(), parse(fieldValue).maxAge());
  }

  @Test
  void noFieldLinesMeanNoDirectives() {
    assertEquals(Set.of(), CacheDirectives.parse(List.of()).names());
  }

  @ParameterizedTest(name = "[{0}] has no-store")
  @ValueSource(strings = {"no-store", "NO-STORE", "No-StOrE", "max-age=60, no-store",
      "no-store,max-age=60", " \t no-store \t ", "no-store=\"x\"", "no-store =x", "no-store x",
      "\"junk\", no-store", "=5, no-store", "private=\"a,b\", no-store"})
  void section5_2_namesCompareCaseInsensitivelyAndArgumentsDoNotHidePresence(String fieldValue) {
    assertTrue(parse(fieldValue).noStore());
  }

  @ParameterizedTest(name = "[{0}] has no no-store")
  @ValueSource(strings = {"x=\"no-store\"", "private=\"no-store\"", "no-stores", "nostore",
      "private=\"a, no-store"})
  void quotedTextIsNotADirective(String fieldValue) {
    assertFalse(parse(fieldValue).noStore());
  }

  @Test
  void hasComparesTheQueriedNameCaseInsensitively() {
    assertTrue(parse("no-transform").has("No-Transform"));
  }

  @ParameterizedTest(name = "[{0}] reads as no-cache")
  @ValueSource(strings = {"no-cache", "no-cache=\"Set-Cookie\"", "no-cache=\"a, b\"",
      "NO-CACHE=Set-Cookie"})
  void section5_2_2_4_qualifiedNoCacheCountsAsNoCache(String fieldValue) {
    assertTrue(parse(fieldValue).noCache());
  }

  @Test
  void section5_2_2_7_qualifiedPrivateCountsAsPrivateAndItsListIsNotSplit() {
    CacheDirectives directives = parse("private=\"Set-Cookie, max-age\", public");
    assertTrue(directives.isPrivate());
    assertEquals(Set.of("private", "public"), directives.names());
  }

  @Test
  void section5_2_3_unknownDirectivesAreKeptInOrder() {
    assertEquals(List.of("foo", "stale-while-revalidate", "max-age"),
        List.copyOf(parse("foo, stale-while-revalidate=30, Max-Age=5").names()));
    assertEquals(DeltaSeconds.of(30),
        parse("stale-while-revalidate=30").deltaSeconds("Stale-While-Revalidate"));
  }

  @ParameterizedTest(name = "[{0}] sMaxAge={1}")
  @CsvSource(delimiter = '|', textBlock = """
      s-maxage=10                | VALID   | 10
      S-MAXAGE="10"              | VALID   | 10
      s-maxage                   | INVALID | 0
      s-maxage=1, s-maxage=2     | INVALID | 0
      max-age=10                 | ABSENT  | 0
      """)
  void section5_2_2_10_sMaxAgeIsADeltaSeconds(String value, DeltaSeconds.Status status,
      long seconds) {
    assertEquals(new DeltaSeconds(status, seconds), parse(value).sMaxAge());
  }

  @ParameterizedTest(name = "[{0}] flags response directive")
  @CsvSource(delimiter = '|', textBlock = """
      public           | public
      private          | private
      must-revalidate  | must-revalidate
      proxy-revalidate | proxy-revalidate
      must-understand  | must-understand
      only-if-cached   | only-if-cached
      no-cache         | no-cache
      no-store         | no-store
      """)
  void eachNamedDirectiveHasItsOwnFlag(String fieldValue, String name) {
    CacheDirectives directives = parse(fieldValue);
    assertEquals(name.equals("public"), directives.isPublic());
    assertEquals(name.equals("private"), directives.isPrivate());
    assertEquals(name.equals("must-revalidate"), directives.mustRevalidate());
    assertEquals(name.equals("proxy-revalidate"), directives.proxyRevalidate());
    assertEquals(name.equals("must-understand"), directives.mustUnderstand());
    assertEquals(name.equals("only-if-cached"), directives.onlyIfCached());
    assertEquals(name.equals("no-cache"), directives.noCache());
    assertEquals(name.equals("no-store"), directives.noStore());
  }

  @ParameterizedTest(name = "[{0}] max-stale {1} {2}")
  @CsvSource(delimiter = '|', textBlock = """
      max-stale                     | VALID   | 9223372036854775807
      MAX-STALE, max-stale          | VALID   | 9223372036854775807
      max-stale=1000                | VALID   | 1000
      max-stale="1000"              | VALID   | 1000
      max-stale=-1                  | INVALID | 0
      max-stale=abc                 | INVALID | 0
      max-stale, max-stale=10       | INVALID | 0
      max-stale=10, max-stale=20    | INVALID | 0
      max-age=10                    | ABSENT  | 0
      """)
  void section5_2_1_2_maxStaleWithoutAValueAcceptsAnyStaleness(String value,
      DeltaSeconds.Status status, long seconds) {
    assertEquals(new DeltaSeconds(status, seconds), parse(value).maxStale());
  }

  @Test
  void section5_2_1_requestDirectivesAreRead() {
    CacheDirectives request = parse("max-age=0, min-fresh=20, no-cache, only-if-cached");
    assertEquals(DeltaSeconds.of(0), request.maxAge());
    assertEquals(DeltaSeconds.of(20), request.minFresh());
    assertTrue(request.noCache());
    assertTrue(request.onlyIfCached());
    assertFalse(request.noStore());
  }

  @Test
  void aBareMaxAgeIsPresentButInvalid() {
    CacheDirectives directives = parse("max-age");
    assertTrue(directives.has("max-age"));
    assertEquals(DeltaSeconds.invalid(), directives.maxAge());
  }

  @Test
  void anUnterminatedQuoteSwallowsTheRestOfItsLineOnly() {
    CacheDirectives directives = parse("private=\"abc, max-age=5", "no-store");
    assertTrue(directives.isPrivate());
    assertEquals(DeltaSeconds.absent(), directives.maxAge());
    assertTrue(directives.noStore());
  }

  @Test
  void toStringNamesTheDirectives() {
    String text = parse("max-age=5, no-cache").toString();
    assertTrue(text.contains("max-age") && text.contains("no-cache"), text);
  }
}
