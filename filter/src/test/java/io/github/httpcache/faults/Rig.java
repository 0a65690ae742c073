package io.github.httpcache.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What a fault acts on: the Redis topology, the shared origin's data, and two app nodes that start
 * when told (a cold start starts the second one under load). {@link #close()} stops all of it.
 */
final class Rig<T extends Topology> implements AutoCloseable {
  static final int NODES = 2;

  private final T redis;
  private final Map<String, AtomicLong> database = new ConcurrentHashMap<>();
  private final AtomicReferenceArray<AppNode> nodes = new AtomicReferenceArray<>(NODES);

  Rig(T redis) {
    this.redis = redis;
  }

  T redis() {
    return redis;
  }

  /**
   * The cache's configuration: a route for the GETs, invalidation rules for the PUTs (by key) and
   * the POSTs (by pattern), and a
   * short Redis timeout and breaker so an outage costs each request little and ends quickly.
   */
  Map<String, String> cacheSettings() {
    Map<String, String> settings = new LinkedHashMap<>(redis.redisSettings());
    settings.put("route.item.path", "/v/{item}");
    settings.put("route.item.ttl", "60s");
    settings.put("invalidate.item-put.method", "PUT");
    settings.put("invalidate.item-put.path", "/v/{item}");
    settings.put("invalidate.item-put.keys", "GET:/v/{item}");
    // A POST commits every resource whose name starts with its own: k1 commits k1 and k10 to k19.
    settings.put("invalidate.item-post.method", "POST");
    settings.put("invalidate.item-post.path", "/v/{item}");
    settings.put("invalidate.item-post.patterns", "GET:/v/{item}*");
    // 250 ms, not the default 100: a busy 2-core machine must not open the breaker on its own.
    settings.put("redis.timeout", "250ms");
    settings.put("redis.breaker.failures", "3");
    settings.put("redis.breaker.open-for", "1s");
    return settings;
  }

  void startNode(int index) throws Exception {
    AppNode node = AppNode.start(cacheSettings(), new VersionedOrigin(database));
    if (!nodes.compareAndSet(index, null, node)) {
      node.close();
      throw new IllegalStateException("node " + index + " is already running");
    }
  }

  /** Indexes of the nodes that are up, for the clients to spread over. */
  List<Integer> liveNodes() {
    List<Integer> live = new ArrayList<>(NODES);
    for (int i = 0; i < NODES; i++) {
      if (nodes.get(i) != null) {
        live.add(i);
      }
    }
    return live;
  }

  /** A filter metric summed over the running nodes. */
  long counter(String name) {
    return liveNodes().stream().mapToLong(index -> node(index).counter(name)).sum();
  }

  AppNode node(int index) {
    return nodes.get(index);
  }

  @Override
  public void close() {
    try {
      for (int i = 0; i < NODES; i++) {
        AppNode node = nodes.getAndSet(i, null);
        if (node != null) {
          node.close();
        }
      }
    } finally {
      redis.close();
    }
  }
}
