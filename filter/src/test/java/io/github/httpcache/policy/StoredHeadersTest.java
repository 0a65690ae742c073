package io.github.httpcache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
