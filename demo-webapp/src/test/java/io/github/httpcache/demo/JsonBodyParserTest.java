package io.github.httpcache.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonBodyParserTest {

  private final JsonBodyParser parser = new JsonBodyParser(DemoJson.newMapper());

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "``                           | Request body is empty",
      "`   `                        | must be a JSON object",
      "not json                     | is not valid JSON",
      "{\"name\": \"a\"                | is not valid JSON",
      "{\"name\": \"a\"} trailing      | is not valid JSON",
      "{\"name\": \"a\", \"name\": \"b\"} | is not valid JSON",
      "null                         | must be a JSON object",
      "\"User C\"                     | must be a JSON object",
      "[\"User C\"]                   | must be a JSON object",
      "42                           | must be a JSON object",
      "{}                           | Field \"name\" is required",
      "{\"title\": \"x\"}               | Field \"name\" is required",
      "{\"name\": null}               | Field \"name\" is required",
      "{\"name\": 7}                  | Field \"name\" must be a string",
      "{\"name\": true}               | Field \"name\" must be a string",
      "{\"name\": [\"a\"]}             | Field \"name\" must be a string",
      "{\"name\": {\"first\": \"a\"}}   | Field \"name\" must be a string",
      "{\"name\": \"\"}                 | Field \"name\" must not be blank",
      "{\"name\": \"  \\t \"}           | Field \"name\" must not be blank",
  })
  void malformedBodyIsRejectedWith400AndASayingMessage(String body, String expectedMessagePart) {
    ClientErrorException error = assertThrows(ClientErrorException.class,
        () -> parser.requiredText(body.getBytes(StandardCharsets.UTF_8), "name"));

    assertEquals(400, error.status());
    assertContains(expectedMessagePart, error.getMessage());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{\"name\": \"User C\"}                    | User C",
      "{\"name\":\"User C\",\"extra\":[1,2]}       | User C",
      "` {\"name\": \" spaced \"} `               | ` spaced `",
      "{\"name\": \"Zoë \\u00e9\"}               | Zoë é",
  })
  void wellFormedBodyYieldsTheFieldUnchanged(String body, String expected) {
    assertEquals(expected, parser.requiredText(body.getBytes(StandardCharsets.UTF_8), "name"));
  }

  @Test
  void fieldNameInTheMessageIsTheRequestedOne() {
    ClientErrorException error = assertThrows(ClientErrorException.class,
        () -> parser.requiredText("{}".getBytes(StandardCharsets.UTF_8), "title"));

    assertEquals("Field \"title\" is required", error.getMessage());
  }

  private static void assertContains(String expectedPart, String actual) {
    if (!actual.contains(expectedPart)) {
      throw new AssertionError("expected a message containing <" + expectedPart + "> but was <" + actual + ">");
    }
  }
}
