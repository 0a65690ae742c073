package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoredHeadersTest {
  @ParameterizedTest(name = "{0} is dropped")
  @CsvSource({
    "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
    "Transfer-Encoding", "transfer-encoding", "Upgrade",
    "Set-Cookie", "SET-COOKIE", "set-cookie",
    "Date", "Content-Length", "content-length", "X-Cache", "x-cache", "Age", "AGE", "Cache-Status",
  })
  void hopByHopCookieAndRecomputedHeadersAreDroppedWhateverTheirCase(String name) {
    assertEquals(false, StoredHeaders.isStored(name));
  }

  @ParameterizedTest(name = "{0} is kept")
  @CsvSource({"ETag", "etag", "Content-Type", "Cache-Control", "X-Custom", "Last-Modified", "Vary",
      "Content-Encoding", "Content-Language", "Expires", "Link"})
  void endToEndHeadersAreKept(String name) {
    assertEquals(true, StoredHeaders.isStored(name));
  }

  /** RFC 9110 §7.6.1: the names a {@code Connection} field lists are hop-by-hop for that connection. */
  @ParameterizedTest(name = "Connection: {0} -> [{1}]")
  @CsvSource(delimiter = '|', nullValues = "(no field)", textBlock = """
      # Connection field lines, ; between lines | options, space-separated
      (no field)                               | ''
      close                                    | close
      keep-alive, X-Foo                        | keep-alive x-foo
      Keep-Alive,X-FOO , x-bar                 | keep-alive x-foo x-bar
      x-a;X-B , x-c                            | x-a x-b x-c
      x-a, x-a;X-A                             | x-a
      ' , ,'                                   | ''
      """)
  void connectionOptionsAreTheLowerCaseNamesItLists(String fieldLines, String options) {
    List<String> lines = fieldLines == null ? List.of() : Arrays.asList(fieldLines.split(";", -1));
    Set<String> expected = options.isEmpty() ? Set.of() : Set.of(options.split(" "));

    assertEquals(expected, StoredHeaders.connectionOptions(lines));
  }
}
