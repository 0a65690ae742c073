package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.testing.RedisFixture;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The second seed's caching examples, written as our route table (docs/invalidation.md), working end to end. */
class SeedExamplesTest {
  private static RedisFixture redis;
  private static TestServer server;

  /** Answers every read with a new body and every write with 200. */
  static final class AnyOrigin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      response.getWriter().write(request.getMethod() + " " + calls.incrementAndGet());
    }
  }

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    server = TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "route.post.path", "/posts/{post_id}",
            "route.post.ttl", "1h",
            "route.post.key", "post_cache",
            "route.post.resource-id", "post_id",
            "route.user-posts.path", "/users/{username}/posts",
            "route.user-posts.ttl", "5m",
            "route.user-posts.key", "{username}_posts:page_{page:1}:items_per_page_{items_per_page:10}",
            "route.latest.path", "/latest",
            "route.latest.ttl", "1m",
            "route.latest.key", "latest_posts:global",
            "route.stats.path", "/users/{user_id}/stats",
            "route.stats.ttl", "1m",
            "route.stats.key", "user_stats:{user_id}",
            "route.profile.path", "/users/{user_id}/profile",
            "route.profile.ttl", "1m",
            "route.profile.key", "user_{user_id}_profile",
            "invalidate.post-update.method", "PUT",
            "invalidate.post-update.path", "/posts/{post_id}",
            "invalidate.post-update.keys", "post_cache:{post_id}",
            "invalidate.new-post.method", "POST",
            "invalidate.new-post.path", "/posts",
            "invalidate.new-post.keys", "user_posts:{user_id}, latest_posts:global, user_stats:{user_id}",
            "invalidate.new-post.query", "user_id",
            "invalidate.profile.method", "PUT",
            "invalidate.profile.path", "/users/{user_id}/profile",
            "invalidate.profile.patterns", "user_{user_id}_*, search_results_*"),
        Map.of("/*", new AnyOrigin()));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    redis.close();
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
  }

  private static String xCache(HttpResponse<?> response) {
    return response.headers().firstValue("X-Cache").orElse("(none)");
  }

  @Test
  void keyPrefixAndResourceIdMakeTheKey() throws Exception {
    server.get("/posts/123");

    assertEquals("1", redis.command("EXISTS", "http-cache:post_cache:123"));
    assertEquals("HIT", xCache(server.get("/posts/123")));
  }

  @Test
  void writeToTheResourceInvalidatesItsKey() throws Exception {
    server.get("/posts/123");

    server.send("PUT", "/posts/123", "");

    assertEquals("MISS", xCache(server.get("/posts/123")));
  }

  @Test
  void keyTemplateTakesPathVariablesQueryParametersAndDefaults() throws Exception {
    server.get("/users/john/posts");
    server.get("/users/john/posts?page=2&items_per_page=5");

    assertEquals("1", redis.command("EXISTS", "http-cache:john_posts:page_1:items_per_page_10"));
    assertEquals("1", redis.command("EXISTS", "http-cache:john_posts:page_2:items_per_page_5"));
  }

  @Test
  void extraKeysAreFilledFromTheWritesQueryParameters() throws Exception {
    server.get("/latest");
    server.get("/users/5/stats");
    server.get("/users/6/stats");

    server.send("POST", "/posts?user_id=5", "");

    assertEquals("MISS", xCache(server.get("/latest")));
    assertEquals("MISS", xCache(server.get("/users/5/stats")));
    assertEquals("HIT", xCache(server.get("/users/6/stats")));
  }

  @Test
  void extraKeyWithoutItsValueWidensIntoAPattern() throws Exception {
    server.get("/users/5/stats");
    server.get("/users/6/stats");

    server.send("POST", "/posts", "");

    assertEquals("MISS", xCache(server.get("/users/5/stats")));
    assertEquals("MISS", xCache(server.get("/users/6/stats")));
  }

  @Test
  void patternsInvalidateEveryKeyTheyMatch() throws Exception {
    server.get("/users/7/profile");
    server.get("/users/8/profile");

    server.send("PUT", "/users/7/profile", "");

    assertEquals("MISS", xCache(server.get("/users/7/profile")));
    assertEquals("HIT", xCache(server.get("/users/8/profile")));
  }

  @Test
  void keyTemplateCannotNameTheCachesBookkeeping() throws Exception {
    server.get("/users/~tag:%7Bx%7D/posts");

    assertEquals("1", redis.command("EXISTS", "http-cache:%7Etag:{x}_posts:page_1:items_per_page_10"));
    assertEquals("0", redis.command("EXISTS", "http-cache:~tag:{x}_posts:page_1:items_per_page_10"));
  }
}
