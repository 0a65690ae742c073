package io.github.httpcache.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.httpcache.policy.RequestFacts;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheKeysTest {
  private static String keyOf(String method, String path, String rawQuery) {
    return CacheKeys.logicalKey(new RequestFacts(method, path, QueryString.parse(rawQuery), Map.of()));
  }

  private static String getKey(String rawQuery) {
    return keyOf("GET", "/api/posts/", rawQuery);
  }

  @ParameterizedTest(name = "GET /api/posts/?{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "(null)", textBlock = """
      # raw query              | logical key
      (null)                   | GET:/api/posts/
      ''                       | GET:/api/posts/
      b=2&a=1                  | GET:/api/posts/?a=1&b=2
      a=2&a=1                  | GET:/api/posts/?a=2&a=1
      b=1&a=2&a=1              | GET:/api/posts/?a=2&a=1&b=1
      q=%zz                    | GET:/api/posts/?q=%%zz
      q=%ff                    | GET:/api/posts/?q=%FF
      nocache=true             | GET:/api/posts/
      nocache=false            | GET:/api/posts/
      nocache                  | GET:/api/posts/
      nocache=1&b=2            | GET:/api/posts/?b=2
      q=a+b                    | GET:/api/posts/?q=a%20b
      a                        | GET:/api/posts/?a=
      name=%C3%A9              | GET:/api/posts/?name=%C3%A9
      q=*                      | GET:/api/posts/?q=%2A
      """)
  void logicalKeyIsGetPathAndCanonicalQuery(String rawQuery, String key) {
    assertEquals(key, getKey(rawQuery));
  }

  @ParameterizedTest(name = "?{0} and ?{1} share a key")
  @CsvSource(delimiter = '|', textBlock = """
      # one query             | an equivalent one
      b=2&a=1                 | a=1&b=2
      b=2&a=2&a=1             | a=2&b=2&a=1
      a=1&nocache=true        | a=1
      nocache=false&a=1       | a=1
      a=1&nocache=            | a=1
      q=a+b                   | q=a%20b
      a                       | a=
      name=é                  | name=%C3%A9
      name=%c3%a9             | name=%C3%A9
      q=%7E                   | q=~
      q=%41                   | q=A
      %71=1                   | q=1
      q=a%20b                 | q=a+b
      &a=1&&                  | a=1
      """)
  void equivalentQueriesShareOneKey(String one, String other) {
    assertEquals(getKey(other), getKey(one));
  }

  @ParameterizedTest(name = "?{0} and ?{1} have distinct keys")
  @CsvSource(delimiter = '|', textBlock = """
      # one query     | a different one
      q=a%26b         | q=a&b
      q=a%2Bb         | q=a+b
      a=1             | a=2
      a=1             | A=1
      a=1&b=2         | a=1b=2
      a=2&a=1         | a=1&a=2
      q=%ff           | q=\uFFFD
      q=%C3           | q=%ff
      q=%zz           | q=%25zz
      q=%             | q=%25
      q=%%41B         | q=%ab
      %ff=1           | \uFFFD=1
      """)
  void differentQueriesHaveDistinctKeys(String one, String other) {
    assertNotEquals(getKey(other), getKey(one));
  }

  @Test
  void headRequestUsesTheGetKey() {
    assertEquals("GET:/api/users/1?lang=en", keyOf("HEAD", "/api/users/1", "lang=en"));
  }

  @Test
  void keyUsesThePathItIsGivenVerbatim() {
    assertEquals("GET:/api/users/a b", keyOf("GET", "/api/users/a b", null));
  }

  private static String allowListKey(String allowed, String rawQuery) {
    RequestFacts request = new RequestFacts("GET", "/api/posts/", QueryString.parse(rawQuery), Map.of());
    return CacheKeys.logicalKey(request, Optional.of(Set.of(allowed.split(" "))));
  }

  private static String userKey(String path, String rawQuery, String user) {
    return CacheKeys.logicalKey(
        new RequestFacts("GET", path, QueryString.parse(rawQuery), Map.of(), Optional.of(user)), Optional.empty());
  }

  @ParameterizedTest(name = "allow [{0}], ?{1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "(null)", textBlock = """
      # allow-list      | raw query                  | logical key
      page              | page=2&sort=asc            | GET:/api/posts/?page=2
      page              | sort=asc                   | GET:/api/posts/
      page              | (null)                     | GET:/api/posts/
      page size         | utm_source=x&size=10&page=2 | GET:/api/posts/?page=2&size=10
      page              | Page=2                     | GET:/api/posts/
      page              | page=2&nocache=false       | GET:/api/posts/?page=2
      page nocache      | page=2&nocache=false       | GET:/api/posts/?page=2
      page              | page=2&page=1&x=1          | GET:/api/posts/?page=2&page=1
      page              | page=%zz&x=1               | GET:/api/posts/?page=%%zz
      """)
  void allowListKeepsOnlyItsParametersInTheKey(String allowed, String rawQuery, String key) {
    assertEquals(key, allowListKey(allowed, rawQuery));
  }

  @Test
  void withoutAnAllowListEveryParameterIsKeyed() {
    RequestFacts request = new RequestFacts("GET", "/api/posts/", QueryString.parse("b=2&a=1"), Map.of());

    assertEquals("GET:/api/posts/?a=1&b=2", CacheKeys.logicalKey(request, Optional.empty()));
  }

  @ParameterizedTest(name = "user \"{2}\" on {0}?{1} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "(null)", textBlock = """
      # path          | raw query | user        | logical key
      /api/me         | (null)    | alice       | GET:/api/me#user=alice
      /api/me         | b=2&a=1   | alice       | GET:/api/me?a=1&b=2#user=alice
      /api/me         | (null)    | a b#c       | GET:/api/me#user=a%20b%23c
      /api/me         | (null)    | é           | GET:/api/me#user=%C3%A9
      /api/me         | (null)    | x#user=bob  | GET:/api/me#user=x%23user%3Dbob
      /api/me         | (null)    | a&b=c?d     | GET:/api/me#user=a%26b%3Dc%3Fd
      """)
  void userIsAPercentEncodedSuffixAfterTheQuery(String path, String rawQuery, String user, String key) {
    assertEquals(key, userKey(path, rawQuery, user));
  }

  @ParameterizedTest(name = "users \"{0}\" and \"{1}\" have distinct keys")
  @CsvSource(delimiter = '|', textBlock = """
      # one user   | another
      alice        | bob
      alice        | Alice
      a b          | a%20b
      a            | a#user=b
      """)
  void differentUsersHaveDistinctKeys(String one, String other) {
    assertNotEquals(userKey("/api/me", null, one), userKey("/api/me", null, other));
  }

  @Test
  void keyWithAUserDiffersFromTheSharedKey() {
    assertNotEquals(keyOf("GET", "/api/me", null), userKey("/api/me", null, "alice"));
  }

  /**
   * The container decodes {@code %23} to {@code #} in the path (Jetty 12 does), so a shared route's
   * {@code /api/posts/mine%23user=bob} must not be keyed as bob's per-user {@code /api/posts/mine}.
   */
  @Test
  void pathContainingAUserMarkDoesNotTakeAUsersKey() {
    assertNotEquals(userKey("/api/posts/mine", null, "bob"), keyOf("GET", "/api/posts/mine#user=bob", null));
  }

  /** Likewise {@code %3F}: the path {@code /api/posts/1?page=2} is not the path {@code /api/posts/1} with a query. */
  @Test
  void pathContainingAQuestionMarkDoesNotTakeAQueryKey() {
    assertNotEquals(keyOf("GET", "/api/posts/1", "page=2"), keyOf("GET", "/api/posts/1?page=2", null));
  }
}
