package io.github.httpcache.policy;

import java.util.List;
import java.util.Map;

/**
 * What the store policy needs to know about a response the origin produced.
 *
 * @param headers response header values by lower-case name
 * @param body whether the whole body was captured, or only streamed past the size limit or the fill memory budget
 */
public record ResponseFacts(int status, Map<String, List<String>> headers, BodyCapture body) {
  public ResponseFacts {
    headers = Map.copyOf(headers);
  }

  /** How much of the body the response wrapper kept. */
  public enum BodyCapture {
    COMPLETE,
    OVER_LIMIT,
    /** Streamed through uncaptured: all fills in progress together already held {@code cache.fill-memory}. */
    OVER_MEMORY,
    ABANDONED
  }

  public List<String> header(String lowerCaseName) {
    return headers.getOrDefault(lowerCaseName, List.of());
  }
}
