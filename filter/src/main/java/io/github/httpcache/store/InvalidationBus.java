package io.github.httpcache.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries every invalidation to every node's {@link NearCache} over Redis pub/sub (a Redisson
 * topic per namespace). The near cache serves only while the subscription is up.
 */
public final class InvalidationBus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InvalidationBus.class);
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Tells this node's own messages apart: it applied them to its near cache before publishing. */
  private final String sender = java.util.UUID.randomUUID().toString();
  private final RTopic topic;
  private final NearCache nearCache;
  private final int messageListener;
  private final int statusListener;

  public InvalidationBus(RedissonClient redisson, String channel, NearCache nearCache) {
    this.topic = redisson.getTopic(channel, StringCodec.INSTANCE);
    this.nearCache = nearCache;
    this.statusListener = topic.addListener(new StatusListener() {
      @Override
      public void onSubscribe(String channel) {
        nearCache.enable();
        log.info("Near cache on: subscribed to invalidations on {}", channel);
      }

      @Override
      public void onUnsubscribe(String channel) {
        nearCache.disable();
        log.warn("Near cache off: the invalidation subscription on {} dropped", channel);
      }
    });
    this.messageListener = topic.addListener(String.class, (channelName, message) -> receive(message));
  }

  /** A message: {@code {"sender": ..., "plan": {...}}}; a bare plan (a node of an earlier version) is applied too. */
  private void receive(String message) {
    try {
      com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(message);
      com.fasterxml.jackson.databind.JsonNode plan = tree.has("plan") ? tree.get("plan") : tree;
      if (sender.equals(tree.path("sender").asText(null))) {
        return;
      }
      nearCache.apply(JSON.treeToValue(plan, InvalidationPlan.class));
    } catch (JsonProcessingException | RuntimeException e) {
      // A message we cannot read could have been an invalidation: forget everything.
      nearCache.disable();
      nearCache.enable();
      log.warn("Unreadable invalidation message, near cache cleared: {}", e.getMessage());
    }
  }

  public NearCache nearCache() {
    return nearCache;
  }

  /**
   * Tells every other node to evict what {@code plan} names (this one applied it already); best
   * effort, entries also age out.
   */
  public void publish(InvalidationPlan plan) {
    try {
      topic.publishAsync(JSON.writeValueAsString(java.util.Map.of("sender", sender, "plan", plan)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An invalidation plan is always writable as JSON", e);
    }
  }

  @Override
  public void close() {
    topic.removeListener(messageListener, statusListener);
  }
}
