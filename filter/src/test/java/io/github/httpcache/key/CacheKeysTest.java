package io.github.httpcache.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.httpcache.policy.RequestFacts;
import java.util.Map;
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
      a=2&a=1                  | GET:/api/posts/?a=1&a=2
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
      a=2&a=1                 | a=1&a=2
      a=1&nocache=true        | a=1
      nocache=false&a=1       | a=1
      a=1&nocache=            | a=1
      q=a+b                   | q=a%20b
      a                       | a=
      name=é                  | name=%C3%A9
      name=%c3%a9             | name=%C3%A9
      q=%7E                   | q=~
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
}
