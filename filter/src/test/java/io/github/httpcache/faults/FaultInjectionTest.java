package io.github.httpcache.faults;

import static io.github.httpcache.faults.FaultHarness.check;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 5: two app nodes over a shared versioned origin, real Redis processes,
 * read-after-write clients, and a check of every read against the origin's commit order, through
 * each fault: 0 stale reads, 0 5xx, every request answered, and caching resumes (a HIT within 30 s
 * of healing). Each case runs its load for {@code -Dfaults.seconds} (default 8) and prints its
 * figures; the table of all cases comes at the end.
 */
class FaultInjectionTest {

  @AfterAll
  static void printTable() {
    System.out.println("\nFault injection, " + FaultHarness.LOAD.toSeconds() + " s of load per case:\n"
        + FaultHarness.table());
  }

  @Test
  void redisRestartWithoutPersistence() throws Exception {
    check("restart without persistence", Topology::single, Faults.restartWithoutPersistence());
  }

  /**
   * The restarted server reloads a snapshot taken before writes it no longer knows: entries they
   * invalidated are back, under their old epochs. The new run_id marks the server untrusted until
   * the namespace on it is emptied.
   */
  @Test
  void redisRestartFromASnapshot(@TempDir Path directory) throws Exception {
    check("restart from a snapshot", () -> Topology.single("--dir", directory.toString()), Faults.restartFromSnapshot());
  }

  /**
   * Flushes land between a fill's lookup and its save: the save must not succeed once the write's
   * tombstone is gone (it did before the slot epochs: 3 to 10 stale reads a run).
   */
  @Test
  void flushAll() throws Exception {
    check("FLUSHALL", Topology::single, Faults.flushAll());
  }

  /**
   * Writes during the freeze are journaled on their node only; the other node must not serve what
   * they invalidated once Redis thaws (it did for up to the breaker's open window, before the
   * journal's replay became the probe: about 250 stale reads a run).
   */
  @Test
  void sigstop() throws Exception {
    check("SIGSTOP", Topology::single, Faults.sigstop());
  }

  /**
   * With {@code redis.pause-wait} on, lookups that meet a freeze wait it out and ask again, on
   * both nodes, while writes invalidate through the same freezes: a wait must never end in an
   * entry a write answered before it replaced.
   */
  @Test
  void sigstopBurstsWithPauseWait() throws Exception {
    check("SIGSTOP bursts, pause-wait", () -> Topology.singleWith(java.util.Map.of("redis.pause-wait", "1s")),
        Faults.sigstopBursts());
  }

  /**
   * Replicas must acknowledge invalidations (hundreds were lost with the old master before), and a
   * write while no master can take its invalidation waits for the promoted one (one or two stale
   * reads in half the runs before, when it was journaled and answered at once).
   */
  @Test
  void sentinelFailoverOfALaggingMaster() throws Exception {
    check("Sentinel failover, lagging replica", Topology::sentinel, Faults.laggingMasterFailover());
  }

  /** Writes refused (-NOREPLICAS) while reads are answered, past the 500 ms a write waits for its invalidation. */
  @Test
  void writesRefusedWhileReadsAreAnswered() throws Exception {
    check("writes refused (NOREPLICAS)", () -> Topology.singleWith(Map.of("redis.invalidation-wait", "500ms")),
        Faults.writesRefused());
  }

  /** CLIENT PAUSE WRITE: writes wait while reads are answered, past the 500 ms a write waits for its invalidation. */
  @Test
  void writesPausedWhileReadsAreAnswered() throws Exception {
    check("CLIENT PAUSE WRITE", () -> Topology.singleWith(Map.of("redis.invalidation-wait", "500ms")),
        Faults.writesPaused());
  }

  /** A coordinated failover: the old master lives on as the new master's replica. */
  @Test
  void sentinelCoordinatedFailover() throws Exception {
    check("SENTINEL FAILOVER", Topology::sentinel, Faults.coordinatedSentinelFailover());
  }

  /**
   * Up to 70 stale reads a run before MOVED was followed (see {@link ClusterFailoverInvalidationTest}),
   * and a read in half the runs while an invalidation that failed during the handover was answered
   * from the journal; now such a write waits for the new master.
   */
  @Test
  void clusterFailover() throws Exception {
    check("CLUSTER FAILOVER", Topology::cluster, Faults.clusterFailover());
  }

  @Test
  void coldStart() throws Exception {
    check("cold start of the second node", Topology::single, Faults.coldStart());
  }

  /*
   * Eviction under each policy: the filter refuses allkeys-* at startup (naming maxmemory-policy),
   * which the contract allows; under the others, evicted tombstones and a full Redis (noeviction)
   * must not let a fill store the old body. Before the slot epochs, every evicting policy but the
   * LFU ones showed stale reads here (a tombstone written over a hot entry keeps its LFU count).
   */

  @Test
  void evictionAllkeysLru() throws Exception {
    eviction("allkeys-lru");
  }

  @Test
  void evictionVolatileLru() throws Exception {
    eviction("volatile-lru");
  }

  @Test
  void evictionAllkeysLfu() throws Exception {
    eviction("allkeys-lfu");
  }

  @Test
  void evictionVolatileLfu() throws Exception {
    eviction("volatile-lfu");
  }

  @Test
  void evictionAllkeysRandom() throws Exception {
    eviction("allkeys-random");
  }

  @Test
  void evictionVolatileRandom() throws Exception {
    eviction("volatile-random");
  }

  @Test
  void evictionVolatileTtl() throws Exception {
    eviction("volatile-ttl");
  }

  /**
   * A full Redis refuses fills' saves (-OOM) but must still take every write's invalidation: an
   * error reply does not open the breaker, and an invalidation is tried whatever the breaker says
   * ({@link FullRedisInvalidationTest} stages the one read this case once caught stale).
   */
  @Test
  void evictionNoeviction() throws Exception {
    eviction("noeviction");
  }

  /** The refused policy set after startup: the nodes bypass the server, then empty it before trusting it again. */
  @Test
  void evictionAllkeysLruSetWhileRunning() throws Exception {
    check("allkeys-lru set while running", () -> Faults.evictingRedis("volatile-lru"), Faults.policyTurnedToAllkeys());
  }

  /** The contract's choice: eviction under a policy the filter accepts, or a refusal at startup naming the setting. */
  private static void eviction(String policy) throws Exception {
    FaultHarness.checkUnlessRefused("eviction " + policy, () -> Faults.evictingRedis(policy), new EvictionPressure(),
        "maxmemory-policy");
  }
}
