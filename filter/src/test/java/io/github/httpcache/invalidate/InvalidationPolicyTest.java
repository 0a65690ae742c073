package io.github.httpcache.invalidate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.config.ConfigParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvalidationPolicyTest {
  private static final InvalidationPolicy POLICY = new InvalidationPolicy(ConfigParser.parse(Map.of(
      "route.user.path", "/api/users/{id}",
      "route.user.ttl", "120s",
      "invalidate.user-update.method", "PUT",
      "invalidate.user-update.path", "/api/users/{id}",
      "invalidate.user-update.keys", "GET:/api/users/{id}")).routeTable());

  @ParameterizedTest(name = "PUT answered {0} invalidates")
  @CsvSource({"200", "201", "202", "204", "301", "303", "307"})
  void successfulOrRedirectedWriteInvalidates(int status) {
    assertEquals(List.of("GET:/api/users/1"), POLICY.keysFor("PUT", "/api/users/1", status));
  }

  @ParameterizedTest(name = "PUT answered {0} invalidates nothing")
  @CsvSource({"100", "400", "401", "404", "409", "500", "503"})
  void failedWriteInvalidatesNothing(int status) {
    assertEquals(List.of(), POLICY.keysFor("PUT", "/api/users/1", status));
  }

  @ParameterizedTest(name = "{0} may invalidate: {1}")
  @CsvSource({"PUT, true", "POST, false", "DELETE, false", "GET, false"})
  void onlyMethodsWithRulesMayInvalidate(String method, boolean may) {
    assertEquals(may, POLICY.mayInvalidate(method));
  }
}
