package io.github.httpcache.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.servlet.LoopbackRule.Verdict;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who is a local operator when no admin token is set: remote address, Host header, header names. */
class LoopbackRuleTest {
  @ParameterizedTest(name = "remote {0}, Host {1}, headers [{2}] -> {3}")
  @CsvSource(nullValues = "NULL", value = {
      // Local operators.
      "127.0.0.1,               127.0.0.1:8080,        Accept,                     ALLOWED",
      "127.0.0.1,               localhost,             '',                         ALLOWED",
      "127.0.0.1,               LocalHost:80,          Accept;User-Agent,          ALLOWED",
      "127.1.2.3,               127.9.9.9,             '',                         ALLOWED",
      "0:0:0:0:0:0:0:1,         [::1]:8080,            '',                         ALLOWED",
      "[0:0:0:0:0:0:0:1],       [::1],                 '',                         ALLOWED",
      "::1,                     [0:0:0:0:0:0:0:1]:80,  '',                         ALLOWED",
      "::ffff:127.0.0.1,        localhost:8080,        '',                         ALLOWED",
      "0:0:0:0:0:0:0:1%lo,      localhost,             '',                         ALLOWED",
      // Forwarding headers: a local proxy would lend its loopback address to a remote client.
      "127.0.0.1,               localhost,             X-Forwarded-For,            FORWARDED",
      "127.0.0.1,               localhost,             x-forwarded-host,           FORWARDED",
      "127.0.0.1,               localhost,             X-FORWARDED-PROTO,          FORWARDED",
      "127.0.0.1,               localhost,             X-Forwarded-Anything,       FORWARDED",
      "127.0.0.1,               localhost,             Forwarded,                  FORWARDED",
      "127.0.0.1,               localhost,             x-real-ip,                  FORWARDED",
      "127.0.0.1,               localhost,             Accept;X-Real-IP,           FORWARDED",
      "127.0.0.1,               localhost,             X-Forwarded,                ALLOWED",
      // Remote clients.
      "203.0.113.9,             localhost,             '',                         REMOTE_NOT_LOOPBACK",
      "10.0.0.1,                127.0.0.1,             '',                         REMOTE_NOT_LOOPBACK",
      "0:0:0:0:0:0:0:2,         localhost,             '',                         REMOTE_NOT_LOOPBACK",
      "::ffff:203.0.113.9,      localhost,             '',                         REMOTE_NOT_LOOPBACK",
      "128.0.0.1,               localhost,             '',                         REMOTE_NOT_LOOPBACK",
      "127.0.0.256,             localhost,             '',                         REMOTE_NOT_LOOPBACK",
      "localhost,               localhost,             '',                         REMOTE_NOT_LOOPBACK",
      "'',                      localhost,             '',                         REMOTE_NOT_LOOPBACK",
      "NULL,                    localhost,             '',                         REMOTE_NOT_LOOPBACK",
      // DNS rebinding: a browser page naming another host that resolves to 127.0.0.1.
      "127.0.0.1,               evil.example,          '',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               evil.example:8080,     '',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               localhost.evil.example,'',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               127.0.0.1.nip.io,      '',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               app.localhost,         '',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               localhost:,            '',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               localhost:80x,         '',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               127.0.0.1:80:80,       '',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               ::1,                   '',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               [::2],                 '',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               [evil.example],        '',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               10.0.0.1,              '',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               '',                    '',                         HOST_NOT_LOOPBACK",
      "127.0.0.1,               NULL,                  '',                         HOST_NOT_LOOPBACK",
  })
  void judgesTheRequest(String remote, String host, String headers, Verdict expected) {
    List<String> names = headers.isEmpty() ? List.of() : Arrays.asList(headers.split(";"));

    assertEquals(expected, LoopbackRule.judge(remote, host, names));
  }
}
