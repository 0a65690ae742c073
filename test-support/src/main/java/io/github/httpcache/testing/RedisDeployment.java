package io.github.httpcache.testing;

import java.util.List;
import java.util.Map;

/**
 * A Redis the tests started, one server or several: how the filter reaches it, and a look at Redis
 * itself that bypasses the code under test. {@link #close()} stops what it started.
 */
public interface RedisDeployment extends AutoCloseable {
  /** The filter's {@code redis.*} keys that reach it (a TLS server needs its trust settings too). */
  Map<String, String> filterKeys();

  /** One command on the node that holds its key; the raw reply, the first line of an array. */
  String command(String... words);

  /** Every key matching {@code pattern} on every node, walked with SCAN. */
  List<String> keys(String pattern);

  @Override
  void close();
}
