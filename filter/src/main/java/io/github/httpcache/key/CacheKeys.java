package io.github.httpcache.key;

import io.github.httpcache.policy.RequestFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the logical key of a request: {@code GET:/path}, plus {@code ?} and the canonical query
 * when there are parameters other than {@code nocache}. HEAD shares the GET key.
 */
public final class CacheKeys {
  /** The request parameter that bypasses the cache; never part of a key. */
  public static final String NOCACHE_PARAMETER = "nocache";

  private CacheKeys() {}

  public static String logicalKey(RequestFacts request) {
    List<QueryParameter> keyed = new ArrayList<>(request.query().size());
    for (QueryParameter parameter : request.query()) {
      if (!parameter.name().equals(NOCACHE_PARAMETER)) {
        keyed.add(parameter);
      }
    }
    String base = "GET:" + request.path();
    return keyed.isEmpty() ? base : base + "?" + QueryString.canonical(keyed);
  }
}
