package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplateTest {
  private static final String KEY = "route.x.path";
  private static final String EXPECTED_SHAPE =
      "expected a path such as /api/users/{id}: starting with /, variables as whole segments";

  @ParameterizedTest(name = "{0} against \"{1}\": {2} {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # template      | path                | matches | variables
      /api/users/{id} | /api/users/7        | true    | id=7
      /api/users/{id} | /api/users/abc-9    | true    | id=abc-9
      /api/users/{id} | /api/users/a b      | true    | id=a b
      /api/users/{id} | /api/users/         | false   |
      /api/users/{id} | /api/users          | false   |
      /api/users/{id} | /api/users/7/posts  | false   |
      /api/users/{id} | /api/users/7/       | false   |
      /api/users/{id} | /api/people/7       | false   |
      /api/users/{id} | /API/users/7        | false   |
      /api/users/{id} | api/users/7         | false   |
      /api/posts/     | /api/posts/         | true    |
      /api/posts/     | /api/posts          | false   |
      /api/posts      | /api/posts/         | false   |
      /api/posts/     | /api/posts/1        | false   |
      /               | /                   | true    |
      /               | /api                | false   |
      /               | ''                  | false   |
      /a/{x}/b/{y}    | /a/1/b/2            | true    | x=1;y=2
      /a/{x}/b/{y}    | /a/1/c/2            | false   |
      /a/{x}/b/{y}    | /a//b/2             | false   |
      /a/{x}/b/{y}    | /a/1/b/             | false   |
      """)
  void templateMatchesWholeSegments(String template, String path, boolean matches, String variables) {
    Optional<Map<String, String>> expected = matches ? Optional.of(parseVariables(variables)) : Optional.empty();

    assertEquals(expected, PathTemplate.compile(KEY, template).match(path));
  }

  @Test
  void nullPathMatchesNothing() {
    assertEquals(Optional.empty(), PathTemplate.compile(KEY, "/").match(null));
  }

  @Test
  void variablesAreTheNamesInBraces() {
    assertEquals(Set.of("x", "y"), PathTemplate.compile(KEY, "/a/{x}/b/{y}").variables());
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @CsvSource({"api/users", "''", "/a//b", "/a?x=1", "/a/{id}x", "/a/x{id}", "/a/{1d}", "/a/{}", "/a/{id", "/a/id}"})
  void malformedTemplatesAreRejectedNamingKeyAndValue(String template) {
    ConfigException error = assertThrows(ConfigException.class, () -> PathTemplate.compile(KEY, template));

    assertEquals(KEY + " = \"" + template + "\": " + EXPECTED_SHAPE, error.getMessage());
  }

  @Test
  void repeatedVariableIsRejected() {
    ConfigException error = assertThrows(ConfigException.class, () -> PathTemplate.compile(KEY, "/a/{x}/b/{x}"));

    assertEquals(KEY + " = \"/a/{x}/b/{x}\": expected each variable once, but {x} repeats", error.getMessage());
  }

  @ParameterizedTest(name = "{0} and {1} have the same shape: {2}")
  @CsvSource({
    "/a/{x},   /a/{y},   true",
    "/a/{x}/b, /a/{y}/b, true",
    "/a/,      /a/,      true",
    "/a/{x},   /a/b,     false",
    "/a/,      /a,       false",
    "/a/{x},   /a/{x}/,  false",
  })
  void templatesDifferingOnlyInVariableNamesHaveOneShape(String first, String second, boolean same) {
    assertEquals(same, PathTemplate.compile(KEY, first).shape().equals(PathTemplate.compile(KEY, second).shape()));
  }

  private static Map<String, String> parseVariables(String variables) {
    Map<String, String> parsed = new LinkedHashMap<>();
    if (variables != null) {
      for (String pair : variables.split(";")) {
        int equals = pair.indexOf('=');
        parsed.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
    }
    return parsed;
  }

  @ParameterizedTest
  @CsvSource({
      "/**, /, true",
      "/**, /a/b/c, true",
      "/static/**, /static, true",
      "/static/**, /static/, true",
      "/static/**, /static/css/site.css, true",
      "/static/**, /staticx, false",
      "/static/**, /other/static, false",
      "/u/{id}/**, /u/7/posts, true",
      "/u/{id}/**, /u, false",
  })
  void aFinalDoubleStarMatchesTheRestOfThePath(String template, String path, boolean matches) {
    assertEquals(matches, PathTemplate.compile("route.r.path", template).match(path).isPresent());
  }

  @Test
  void doubleStarAnywhereButLastIsAConfigError() {
    ConfigException error = assertThrows(ConfigException.class,
        () -> PathTemplate.compile("route.r.path", "/a/**/b"));
    assertEquals("route.r.path = \"/a/**/b\": expected ** only as the last segment, e.g. /static/**", error.getMessage());
  }
}
