package io.github.httpcache.faults;

import io.github.httpcache.metrics.MetricNames;
import io.github.httpcache.testing.RedisProcess;
import io.github.httpcache.testing.RedisReplicatedCluster;
import io.github.httpcache.testing.RedisSentinelGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The faults of issue 18: each breaks one thing while the clients run, and says how it was healed. */
final class Faults {
  private Faults() {
  }

  /** SIGKILL, then a fresh process on the same port: every entry and every tombstone is gone. */
  static Fault<Topology.Single> restartWithoutPersistence() {
    return new Fault<>() {
      @Override
      public void inject(Rig<Topology.Single> rig) {
        rig.redis().server().kill();
      }

      @Override
      public void heal(Rig<Topology.Single> rig) {
        rig.redis().server().start();
      }
    };
  }

  /**
   * SAVE, then the load goes on (its writes invalidate entries the snapshot holds), then SIGKILL and
   * a restart that loads the snapshot: the invalidated entries, and the epochs they were stored
   * under, come back. Only the server's new run_id can tell.
   */
  static Fault<Topology.Single> restartFromSnapshot() {
    return new Fault<>() {
      private String reloaded;

      @Override
      public void inject(Rig<Topology.Single> rig) {
        rig.redis().server().command("SAVE");
      }

      @Override
      public void heal(Rig<Topology.Single> rig) {
        rig.redis().server().kill();
        rig.redis().server().start();
        reloaded = rig.redis().server().info("keyspace", "db0");
      }

      @Override
      public String figures(Rig<Topology.Single> rig) {
        return "snapshot reloaded (" + reloaded + ")";
      }
    };
  }

  /**
   * FLUSHALL every 200 ms while the fault lasts, not once: each flush can only hurt a fill that is
   * between its lookup and its save at that moment, so one flush would rarely meet one.
   */
  static Fault<Topology.Single> flushAll() {
    return new Fault<>() {
      private Repeater flusher;
      private long flushes;

      @Override
      public void inject(Rig<Topology.Single> rig) {
        flusher = new Repeater("flushall", 200, () -> rig.redis().server().command("FLUSHALL"));
      }

      @Override
      public void heal(Rig<Topology.Single> rig) {
        flusher.close();
        flushes = flusher.runs();
      }

      @Override
      public String figures(Rig<Topology.Single> rig) {
        return flushes + " FLUSHALLs";
      }
    };
  }

  /** SIGSTOP: Redis holds every connection open and answers nothing, so each command waits out its timeout. */
  static Fault<Topology.Single> sigstop() {
    return new Fault<>() {
      @Override
      public void inject(Rig<Topology.Single> rig) {
        rig.redis().server().pause();
      }

      @Override
      public void heal(Rig<Topology.Single> rig) {
        rig.redis().server().resume();
      }
    };
  }

  /**
   * Short freezes, as a fork or a slow command makes: SIGSTOP for 500 ms in every second until
   * healed (longer than the rig's 250 ms timeout, so lookups fail and the breaker opens), on a
   * thread of its own so the load runs meanwhile.
   */
  static Fault<Topology.Single> sigstopBursts() {
    return new Fault<>() {
      private volatile boolean healed;
      private Thread bursts;

      @Override
      public void inject(Rig<Topology.Single> rig) {
        bursts = new Thread(() -> {
          while (!healed) {
            rig.redis().server().pause();
            sleep(500);
            rig.redis().server().resume();
            sleep(500);
          }
        }, "fault-sigstop-bursts");
        bursts.start();
      }

      @Override
      public void heal(Rig<Topology.Single> rig) throws InterruptedException {
        healed = true;
        bursts.join(10_000);
        rig.redis().server().resume();
        if (rig.counter(MetricNames.PAUSE_WAITS) == 0) {
          throw new AssertionError("no lookup waited a freeze out: the case would check nothing");
        }
      }

      @Override
      public String figures(Rig<Topology.Single> rig) {
        return rig.counter(MetricNames.PAUSE_WAITS) + " lookups waited a freeze out";
      }
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The replica is frozen, so the invalidations the master acknowledges from then on never reach
   * it: 24 MB of bulk writes first fill the kernel's socket buffers between them (a frozen replica
   * still reads what they hold once it thaws) and put the master further ahead than the 16 KiB
   * backlog could ever replay. Then the master dies and the Sentinels promote the replica with what
   * it had: acknowledged invalidations are lost in the failover, as with any asynchronous replication.
   */
  static Fault<Topology.Sentinel> laggingMasterFailover() {
    return new Fault<>() {
      private RedisProcess master;
      private RedisProcess replica;
      private double promotedAfter;

      /**
       * A thousand keys, not twenty: while the failover lasts, every write is journaled by its node
       * and replayed to the new master, and with twenty keys that replay re-invalidates every key,
       * hiding the loss. With many keys, as in life, most keys written while the replica lagged are
       * not written again during the outage.
       */
      @Override
      public int keys() {
        return 1000;
      }

      @Override
      public void inject(Rig<Topology.Sentinel> rig) {
        master = rig.redis().group().master();
        replica = rig.redis().group().other(master);
        replica.pause();
        List<List<String>> bulk = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
          bulk.add(List.of("SET", "bulk:" + i, "b".repeat(1 << 20)));
        }
        master.pipeline(bulk);
      }

      @Override
      public void heal(Rig<Topology.Sentinel> rig) {
        long killedAt = System.nanoTime();
        master.kill();
        replica.resume();
        rig.redis().group().awaitMaster(replica, Duration.ofSeconds(60));
        promotedAfter = StaleReadChecker.seconds(System.nanoTime() - killedAt);
      }

      @Override
      public String figures(Rig<Topology.Sentinel> rig) {
        return String.format("replica promoted %.1f s after the master died", promotedAfter);
      }
    };
  }

  /**
   * SENTINEL FAILOVER: the replica is promoted and the old master, still running, is turned into
   * its replica. Connections still open to the old master must not read from it once it is one.
   */
  static Fault<Topology.Sentinel> coordinatedSentinelFailover() {
    return new Fault<>() {
      private RedisProcess promoted;
      private double promotedAfter;
      private long requestedAt;

      @Override
      public void inject(Rig<Topology.Sentinel> rig) {
        promoted = rig.redis().group().other(rig.redis().group().master());
        requestedAt = System.nanoTime();
        rig.redis().group().sentinels().get(0).command("SENTINEL", "FAILOVER", RedisSentinelGroup.MASTER_NAME);
      }

      @Override
      public void heal(Rig<Topology.Sentinel> rig) {
        rig.redis().group().awaitMaster(promoted, Duration.ofSeconds(60));
        promotedAfter = StaleReadChecker.seconds(System.nanoTime() - requestedAt);
      }

      @Override
      public String figures(Rig<Topology.Sentinel> rig) {
        return String.format("every Sentinel named the new master %.1f s after SENTINEL FAILOVER", promotedAfter);
      }
    };
  }

  /** CLUSTER FAILOVER on every shard's replica in turn: coordinated, so no acknowledged write may be lost. */
  static Fault<Topology.Cluster> clusterFailover() {
    return new Fault<>() {
      private int failedOver;

      @Override
      public void inject(Rig<Topology.Cluster> rig) {
        RedisReplicatedCluster cluster = rig.redis().cluster();
        for (RedisProcess replica : cluster.replicas()) {
          cluster.failover(replica);
          failedOver++;
        }
      }

      @Override
      public void heal(Rig<Topology.Cluster> rig) {
        rig.redis().cluster().awaitHealthy();
      }

      @Override
      public String figures(Rig<Topology.Cluster> rig) {
        return failedOver + " shards failed over";
      }
    };
  }

  /** The second node starts while the clients are already on the first; it is healed once it is up. */
  static Fault<Topology.Single> coldStart() {
    return new Fault<>() {
      @Override
      public int nodesAtStart() {
        return 1;
      }

      @Override
      public int recoveryNode() {
        return 1;
      }

      @Override
      public void inject(Rig<Topology.Single> rig) {
        // Nothing breaks: the fault is the start itself, in heal, so its first HIT is what is timed.
      }

      @Override
      public void heal(Rig<Topology.Single> rig) throws Exception {
        rig.startNode(1);
      }
    };
  }

  /**
   * {@link EvictionPressure} under {@code allkeys-lru}, set while the nodes run (startup accepted
   * {@code volatile-lru}): the fence's own records may be evicted, so the nodes must stop using the
   * server, and empty it before they trust it again once healing sets {@code volatile-lru} back.
   * The pressure starts once every node bypasses the server: what is evicted before a node's next
   * reading of the policy (every 250 ms) is the window the watch leaves, as documented.
   */
  static Fault<Topology.Single> policyTurnedToAllkeys() {
    EvictionPressure pressure = new EvictionPressure();
    return new Fault<>() {
      @Override
      public void inject(Rig<Topology.Single> rig) throws Exception {
        rig.redis().server().command("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        for (int node : rig.liveNodes()) {
          awaitBypassing(rig.node(node));
        }
        pressure.inject(rig);
      }

      @Override
      public void heal(Rig<Topology.Single> rig) {
        pressure.heal(rig);
        rig.redis().server().command("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
      }

      @Override
      public String figures(Rig<Topology.Single> rig) {
        return pressure.figures(rig);
      }
    };
  }

  /**
   * Writes refused while reads are answered: {@code min-replicas-to-write 1} on a server with no
   * replica answers every write {@code -NOREPLICAS} (as {@code MISCONF} after a failed snapshot, or
   * {@code READONLY} from a demoted master, would), for longer than a write waits for its invalidation.
   */
  static Fault<Topology.Single> writesRefused() {
    return new Fault<>() {
      @Override
      public void inject(Rig<Topology.Single> rig) {
        rig.redis().server().command("CONFIG", "SET", "min-replicas-to-write", "1");
      }

      @Override
      public void heal(Rig<Topology.Single> rig) {
        rig.redis().server().command("CONFIG", "SET", "min-replicas-to-write", "0");
      }
    };
  }

  /** CLIENT PAUSE WRITE: writes wait, reads are answered, for longer than a write waits for its invalidation. */
  static Fault<Topology.Single> writesPaused() {
    return new Fault<>() {
      @Override
      public void inject(Rig<Topology.Single> rig) {
        rig.redis().server().command("CLIENT", "PAUSE", "60000", "WRITE");
      }

      @Override
      public void heal(Rig<Topology.Single> rig) {
        rig.redis().server().command("CLIENT", "UNPAUSE");
      }
    };
  }

  /** Until two lookups in a row on {@code node} bypass Redis, within 30 s. */
  private static void awaitBypassing(AppNode node) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int bypassed = 0;
    while (bypassed < 2) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("a node still served from Redis 30 s after its policy became allkeys-lru");
      }
      boolean bypass = node.send("GET", "/v/policy-probe").headers().firstValue("X-Cache").orElse("").equals("BYPASS");
      bypassed = bypass ? bypassed + 1 : 0;
      sleep(20);
    }
  }

  /** Redis arguments for {@link EvictionPressure}: a small memory limit under {@code policy}. */
  static Topology.Single evictingRedis(String policy) {
    return Topology.single("--maxmemory", EvictionPressure.MAXMEMORY, "--maxmemory-policy", policy);
  }
}
