package io.github.httpcache.demo;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Validates the demo's write bodies, {@code {"name": "..."}} and {@code {"title": "..."}}:
 * a JSON object whose field is a non-blank string. Other fields are ignored.
 */
final class JsonBodyParser {

  private final ObjectMapper mapper;

  /** The mapper should come from {@link DemoJson#newMapper()}, which rejects trailing and duplicate tokens. */
  public JsonBodyParser(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * @return the field's value, unchanged
   * @throws ClientErrorException 400 with a message saying what was wrong
   */
  public String requiredText(byte[] body, String field) {
    JsonNode root = parse(body);
    if (!root.isObject()) {
      throw badRequest("Request body must be a JSON object with a \"" + field + "\" field");
    }
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw badRequest("Field \"" + field + "\" is required");
    }
    if (!value.isTextual()) {
      throw badRequest("Field \"" + field + "\" must be a string");
    }
    if (value.textValue().isBlank()) {
      throw badRequest("Field \"" + field + "\" must not be blank");
    }
    return value.textValue();
  }

  private JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw badRequest("Request body is empty; expected a JSON object");
    }
    try {
      return mapper.readTree(body);
    } catch (JacksonException e) {
      throw badRequest("Request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      // Parsing an in-memory array does no I/O; any other IOException is still a malformed body.
      throw badRequest("Request body is not valid JSON");
    }
  }

  private static ClientErrorException badRequest(String message) {
    return new ClientErrorException(400, message);
  }
}
