package io.github.httpcache.store;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * The commands of one exchange with Redis, sent as one Jedis pipeline per node and read back on
 * the calling thread, all within {@code redis.timeout}. A {@link #barrier()} makes the commands
 * after it land after those before it: free on one node (a connection keeps its order), a second
 * round trip across a cluster's nodes. A connection found dead (Redis restarted, or closed it) is
 * replaced once within the same budget. Any error reply fails the exchange: the caller bypasses.
 */
final class CommandBatch {
  private final RedisConnections redis;
  /** Whether it reads entries to serve (a lookup). */
  private final boolean serving;
  private final List<Reply<?>> replies = new ArrayList<>();
  private final List<Integer> barriers = new ArrayList<>();
  /** Replicas that must acknowledge this batch's writes on each node before it counts as done. */
  private ReplicaAcks acks = ReplicaAcks.NONE;
  /** Per node of this batch, the acknowledgements its writes need, asked before its pipeline starts. */
  private final Map<HostAndPort, Integer> requiredAcks = new LinkedHashMap<>();

  CommandBatch(RedisConnections redis, boolean serving) {
    this.redis = redis;
    this.serving = serving;
  }

  /** One command's answer, readable once the batch has run: from its pipeline, or sent alone. */
  static final class Reply<T> {
    private final CommandObject<T> command;
    private Response<T> response;
    private T answer;
    private JedisDataException refused;

    private Reply(CommandObject<T> command) {
      this.command = command;
    }

    T get() {
      if (response != null) {
        return response.get();
      }
      if (refused != null) {
        throw refused;
      }
      return answer;
    }

    /** Sent alone, without a pipeline (a lookup): an error reply is kept for {@link #get}, as a pipeline's is. */
    private void sendAlone(Connection connection) {
      response = null;
      refused = null;
      try {
        answer = connection.executeCommand(command);
      } catch (JedisDataException e) {
        refused = e;
      }
    }
  }

  <T> Reply<T> add(CommandObject<T> command) {
    Reply<T> reply = new Reply<>(command);
    replies.add(reply);
    return reply;
  }

  /** The batch is done only once the replicas {@code acks} asks for have its writes ({@code WAIT}). */
  void requireAcks(ReplicaAcks acks) {
    this.acks = acks;
  }

  /** Commands added from here on land after those added before. */
  void barrier() {
    barriers.add(replies.size());
  }

  /** Runs the batch; {@code command} and {@code key} name it in a failure ({@code GET GET:/a failed: ...}). */
  void execute(String command, String key) {
    long deadline = redis.deadlines().deadline();
    try {
      run(deadline);
    } catch (JedisConnectionException e) {
      if (e.getCause() instanceof SocketTimeoutException || System.nanoTime() - deadline >= 0) {
        throw unavailable(command, key, e);
      }
      redis.dropIdleConnections();
      try {
        run(deadline);
      } catch (JedisException again) {
        throw unavailable(command, key, again);
      }
    } catch (JedisException e) {
      throw unavailable(command, key, e);
    }
    if (redirected() && System.nanoTime() - deadline < 0) {
      // A slot moved (a failover): read the slot map again and send the batch where it lives now,
      // within the same budget, rather than journal a write's invalidation another node would not see.
      redis.slotsMoved();
      try {
        run(deadline);
      } catch (JedisException again) {
        throw unavailable(command, key, again);
      }
    }
    requireNoErrorReply(command, key);
  }

  private boolean redirected() {
    for (Reply<?> reply : replies) {
      try {
        reply.get();
      } catch (JedisRedirectionException e) {
        return true;
      } catch (JedisException e) {
        // Another error reply: reported by requireNoErrorReply.
      }
    }
    return false;
  }

  private void run(long deadline) {
    if (barriers.isEmpty() || redis.isOneNode(replies.stream().<CommandObject<?>>map(reply -> reply.command).toList())) {
      send(replies, deadline);
      return;
    }
    int from = 0;
    for (int barrier : barriers) {
      send(replies.subList(from, barrier), deadline);
      from = barrier;
    }
    send(replies.subList(from, replies.size()), deadline);
  }

  /** One pipeline per node the segment's keys live on, each read back in turn. */
  private void send(List<Reply<?>> segment, long deadline) {
    if (segment.size() == 1 && acks == ReplicaAcks.NONE) {
      sendAlone(segment.get(0), deadline);
      return;
    }
    Map<HostAndPort, Pipeline> pipelines = new LinkedHashMap<>();
    Map<HostAndPort, Connection> connections = new LinkedHashMap<>();
    try {
      for (Reply<?> reply : segment) {
        append(reply, pipelines, connections, deadline);
      }
      Map<HostAndPort, Integer> required = new LinkedHashMap<>();
      Map<HostAndPort, Response<Long>> waits = awaitReplicas(pipelines, required, deadline);
      for (Pipeline pipeline : pipelines.values()) {
        pipeline.sync();
      }
      requireAcknowledged(waits, required);
    } finally {
      connections.values().forEach(redis.deadlines()::release);
      pipelines.forEach((node, pipeline) -> redis.giveBack(connections.get(node), pipeline::close));
    }
  }

  /** One command needs no pipeline (its objects, its maps): most exchanges are a single lookup. */
  private void sendAlone(Reply<?> reply, long deadline) {
    Connection connection = redis.connectionFor(reply.command.getArguments(), serving);
    redis.deadlines().watch(connection, deadline);
    try {
      reply.sendAlone(connection);
    } finally {
      redis.deadlines().release(connection);
      redis.giveBack(connection, connection::close);
    }
  }

  /** A {@code WAIT} after each node's writes, when replicas must acknowledge them; within the time left. */
  private Map<HostAndPort, Response<Long>> awaitReplicas(Map<HostAndPort, Pipeline> pipelines,
      Map<HostAndPort, Integer> required, long deadline) {
    Map<HostAndPort, Response<Long>> waits = new LinkedHashMap<>();
    // WAIT answers when its own timeout ends: leave a fifth of the budget to read that answer.
    long leftMillis = (deadline - System.nanoTime()) / 1_000_000 * 4 / 5;
    requiredAcks.forEach((node, replicas) -> {
      if (replicas > 0 && pipelines.containsKey(node)) {
        required.put(node, replicas);
        waits.put(node, pipelines.get(node).appendCommand(ReplicaAcks.waitFor(replicas, leftMillis)));
      }
    });
    return waits;
  }

  private static void requireAcknowledged(Map<HostAndPort, Response<Long>> waits, Map<HostAndPort, Integer> required) {
    waits.forEach((node, acknowledged) -> {
      if (acknowledged.get() < required.get(node)) {
        throw new JedisDataException("WAIT: " + acknowledged.get() + " of " + required.get(node) + " replicas of "
            + node + " acknowledged within redis.timeout");
      }
    });
  }

  private <T> void append(Reply<T> reply, Map<HostAndPort, Pipeline> pipelines, Map<HostAndPort, Connection> connections,
      long deadline) {
    Connection connection = redis.connectionFor(reply.command.getArguments(), serving);
    Pipeline pipeline = pipelines.get(connection.getHostAndPort());
    if (pipeline == null) {
      redis.deadlines().watch(connection, deadline);
      if (acks != ReplicaAcks.NONE) {
        requiredAcks.put(connection.getHostAndPort(), acks.required(connection));
      }
      connections.put(connection.getHostAndPort(), connection);
      pipeline = new Pipeline(connection, true);
      pipelines.put(connection.getHostAndPort(), pipeline);
    } else {
      connection.close();
    }
    reply.response = pipeline.appendCommand(reply.command);
  }

  /** Redis answered, but refused a command (a moved slot, a read-only replica, out of memory, ACL). */
  private void requireNoErrorReply(String command, String key) {
    for (Reply<?> reply : replies) {
      try {
        reply.get();
      } catch (JedisRedirectionException e) {
        redis.slotsMoved();
        throw unavailable(command, key, e);
      } catch (JedisDataException e) {
        throw unavailable(command, key, e);
      }
    }
  }

  private StoreUnavailableException unavailable(String command, String key, JedisException cause) {
    String took = cause.getCause() instanceof SocketTimeoutException ? " (no answer within redis.timeout)" : "";
    return new StoreUnavailableException(command + " " + key + " failed" + took + ": " + cause.getMessage(), cause);
  }
}
