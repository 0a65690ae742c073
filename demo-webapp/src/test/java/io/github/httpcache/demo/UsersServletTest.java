package io.github.httpcache.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsersServletTest {

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource({"/0, 0", "/1, 1", "/2, 2", "/42, 42", "/100, 100", "/999999999999999999, 999999999999999999"})
  void numericPathInfoIsAUserId(String pathInfo, long expectedId) {
    assertEquals(OptionalLong.of(expectedId), UsersServlet.userId(pathInfo));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @NullSource
  @ValueSource(strings = {"", "/", "/abc", "/-1", "/+1", "/1/", "/1/posts", "/1.0", "/ 1", "/1 ",
      "/01", "/001", "/007", "/00", "/0x1", "/1e0", "/\u0661", "/1234567890123456789"})
  void anyOtherPathInfoIsNoUserId(String pathInfo) {
    assertEquals(OptionalLong.empty(), UsersServlet.userId(pathInfo));
  }
}
