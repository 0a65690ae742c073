package io.github.httpcache.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;

/**
 * How many replicas must acknowledge an invalidation ({@code redis.invalidation-replicas}) before
 * the write's response is committed, so a failover to one of them cannot lose it: a number, or
 * every replica the master has connected, read from {@code INFO replication} at most once a second
 * per master. {@code WAIT} then blocks until they have it, within what is left of {@code redis.timeout}.
 */
final class ReplicaAcks {
  private static final long REFRESH_NANOS = 1_000_000_000L;
  static final ReplicaAcks NONE = new ReplicaAcks(0);

  private final int configured;
  private final Map<HostAndPort, long[]> connectedReplicas = new ConcurrentHashMap<>();

  /** @param configured a number of replicas, or -1 for all those connected */
  ReplicaAcks(int configured) {
    this.configured = configured;
  }

  /** How many acknowledgements a write on {@code connection} needs; may ask its master how many replicas it has. */
  int required(Connection connection) {
    if (configured >= 0) {
      return configured;
    }
    long now = System.nanoTime();
    long[] known = connectedReplicas.get(connection.getHostAndPort());
    if (known != null && now - known[1] < REFRESH_NANOS) {
      return (int) known[0];
    }
    String info = connection.executeCommand(new CommandObject<>(new CommandArguments(Protocol.Command.INFO).add("replication"),
        BuilderFactory.STRING));
    int replicas = connectedSlaves(info);
    connectedReplicas.put(connection.getHostAndPort(), new long[] {replicas, now});
    return replicas;
  }

  /** {@code WAIT replicas timeout}: the replicas that acknowledged this connection's writes. */
  static CommandObject<Long> waitFor(int replicas, long timeoutMillis) {
    return new CommandObject<>(new CommandArguments(Protocol.Command.WAIT).add(replicas).add(Math.max(1, timeoutMillis)),
        BuilderFactory.LONG);
  }

  static int connectedSlaves(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("connected_slaves:")) {
        return Integer.parseInt(line.substring("connected_slaves:".length()).trim());
      }
    }
    return 0;
  }
}
