package io.github.httpcache.faults;

/**
 * Something that goes wrong with Redis (or the app nodes) while clients read and write: the
 * harness runs the load, calls {@link #inject}, holds the fault for a while, calls {@link #heal},
 * and then measures how long until the cache serves a HIT again.
 */
interface Fault<T extends Topology> {
  /** Breaks something; may take its time (a failover), the load runs meanwhile. */
  void inject(Rig<T> rig) throws Exception;

  /** Repairs it, or waits until the system has repaired itself; returns when the fault is over. */
  void heal(Rig<T> rig) throws Exception;

  /** App nodes running before the fault: 2, or 1 when the fault is the start of the second. */
  default int nodesAtStart() {
    return 2;
  }

  /**
   * How many resources the clients spread over. 20 by default: every key is written and read many
   * times a second, so a stale entry is met at once.
   */
  default int keys() {
    return 20;
  }

  /** The node whose first HIT after healing ends the recovery; -1: any node. */
  default int recoveryNode() {
    return -1;
  }

  /** What the fault measured about itself, for the report (keys evicted, writes refused...). */
  default String figures(Rig<T> rig) {
    return "";
  }
}
