package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.config.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which inputs a stored page may have read: one row per rule of {@link UnkeyedInputs}. */
class UnkeyedInputsTest {
  private static Route route(String options) {
    Map<String, String> entries = new HashMap<>(Map.of("route.r.path", "/page/{id}", "route.r.ttl", "60s"));
    for (String option : split(options)) {
      int equals = option.indexOf('=');
      entries.put("route.r." + option.substring(0, equals).trim(), option.substring(equals + 1).trim());
    }
    return ConfigParser.parse(entries).routeTable().routes().get(0);
  }

  private static List<String> split(String cell) {
    List<String> parts = new ArrayList<>();
    for (String part : cell.split(";")) {
      if (!part.isBlank()) {
        parts.add(part.trim());
      }
    }
    return parts;
  }

  @ParameterizedTest(name = "[{index}] route {0}, read {1}, Vary {2} -> {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # route options                           | inputs read (, between)          | response Vary    | verdict
      ''                                        | ''                               | ''               | KEYED
      ''                                        | accept-encoding,if-none-match    | ''               | KEYED
      ''                                        | range,if-modified-since          | ''               | KEYED
      ''                                        | connection,keep-alive,te         | ''               | KEYED
      ''                                        | user-agent                       | ''               | REFUSE user-agent
      ''                                        | user-agent                       | user-agent       | KEYED
      vary=accept-language                      | accept-language                  | ''               | KEYED
      inputs.ignore=user-agent, accept-language | user-agent,accept-language       | ''               | KEYED
      inputs=warn                               | user-agent                       | ''               | WARN user-agent
      inputs=off                                | user-agent                       | ''               | KEYED
      inputs=off                                | x-forwarded-host                 | ''               | KEYED
      inputs=off                                | session                          | ''               | REFUSE session
      inputs=warn                               | x-forwarded-host                 | ''               | REFUSE x-forwarded-host
      ''                                        | forwarded                        | ''               | REFUSE forwarded
      ''                                        | x-real-ip                        | ''               | REFUSE x-real-ip
      ''                                        | accept,x-forwarded-proto         | ''               | REFUSE x-forwarded-proto
      ''                                        | authorization                    | ''               | REFUSE authorization
      per-user=principal                        | authorization,principal          | ''               | KEYED
      per-user=header:X-User                    | x-user                           | ''               | KEYED
      ''                                        | principal                        | ''               | REFUSE principal
      ''                                        | cookie                           | ''               | REFUSE cookie
      cookies=ignore                            | cookie                           | ''               | KEYED
      cookies=key:lang                          | cookie                           | ''               | KEYED
      cookies=ignore                            | session                          | ''               | REFUSE session
      inputs.ignore=session                     | session                          | ''               | KEYED
      ''                                        | body                             | ''               | REFUSE body
      ''                                        | remote-address                   | ''               | REFUSE remote-address
      inputs=warn                               | remote-address                   | ''               | WARN remote-address
      ''                                        | ?page,?*                         | ''               | KEYED
      key=page:{id}:{size:10}                   | ?size                            | ''               | KEYED
      key=page:{id}:{size:10}                   | ?callback                        | ''               | REFUSE ?callback
      key=page:{id}                             | ?*                               | ''               | REFUSE ?*
      freshness=origin                          | user-agent,authorization         | ''               | KEYED
      freshness=origin                          | x-forwarded-for                  | ''               | KEYED
      freshness=origin ; inputs=refuse          | user-agent                       | ''               | REFUSE user-agent
      freshness=origin                          | cookie                           | ''               | REFUSE cookie
      ''                                        | user-agent,cookie                | ''               | REFUSE cookie
      """)
  void judgesWhatAPageReadAgainstWhatItsKeyHolds(String options, String read, String vary, String verdict) {
    UnkeyedInputs.Verdict judged = UnkeyedInputs.judge(new TreeSet<>(split(read.replace(',', ';'))), route(options),
        split(vary.replace(',', ';')));

    assertEquals(verdict, judged.outcome() + judged.input().map(input -> " " + input).orElse(""));
  }
}
