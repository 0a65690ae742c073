package io.github.httpcache.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostsServletTest {

  @ParameterizedTest(name = "[{index}] {0} ? {1} -> {2}")
  @CsvSource(quoteCharacter = '`', value = {
      "/api/posts, , /api/posts/",
      "/api/posts, ``, /api/posts/",
      "/api/posts, nocache=true, /api/posts/?nocache=true",
      "/app/api/posts, b=2&a=1, /app/api/posts/?b=2&a=1",
  })
  void postsRedirectKeepsTheQueryString(String collectionPath, String query, String expected) {
    assertEquals(expected, PostsServlet.collectionLocation(collectionPath, query));
  }
}
