package io.github.httpcache.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether the path as sent is the path the key holds: one row per spelling. */
class RequestFactsReaderTest {
  @ParameterizedTest(name = "{0} in ''{1}'' as {2}: {3}")
  @CsvSource(delimiter = '|', value = {
    "/api/users/1 | '' | /api/users/1 | true",
    "/app/api/users/1 | /app | /api/users/1 | true",
    "/caf%C3%A9 | '' | /café | true",
    "/%61pi/users/1 | '' | /api/users/1 | true",
    "/my%20app/page | /my%20app | /page | true",
    "/a+b | '' | /a+b | true",
    "/dir/ | '' | /dir/ | true",
    "/api/users/1;evil=1 | '' | /api/users/1 | false",
    "/api/users/1;jsessionid=abc | '' | /api/users/1 | false",
    "/api;x/users/1 | '' | /api/users/1 | false",
    "/api/./users/1 | '' | /api/users/1 | false",
    "/api//users/1 | '' | /api/users/1 | false",
    "/api/x/../users/1 | '' | /api/users/1 | false",
    "/api/users/1%3Bevil | '' | /api/users/1 | false",
    "/app;x/page | /app | /page | false",
    "/api/users/\"1 | '' | /api/users/\"1 | true",
    "/api/users/%221 | '' | /api/users/\"1 | true",
    "/api/users/1%zz | '' | /api/users/1%zz | false",
  })
  void aPathIsSpelledAsKeyedOnlyWithoutWhatTheContainerTookAway(String rawUri, String contextPath, String path,
      boolean asKeyed) {
    assertEquals(asKeyed, RequestFactsReader.spelledAsKeyed(rawUri, contextPath, path));
  }
}
