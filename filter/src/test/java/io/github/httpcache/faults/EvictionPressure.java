package io.github.httpcache.faults;

import io.github.httpcache.testing.RedisProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory pressure: filler keys fill Redis to its {@code maxmemory}, then keep coming (about 5 MB/s)
 * for as long as the fault lasts, so the policy evicts all the while: cache entries, tombstones and
 * fill registrations among the filler. Filler keys carry a TTL (30 to 300 s), so the volatile-*
 * policies have them to choose from too. Under {@code noeviction} the writes are refused instead,
 * the cache's with them. Healing deletes the filler.
 */
final class EvictionPressure implements Fault<Topology.Single> {
  static final String MAXMEMORY = "4mb";
  private static final String VALUE = "f".repeat(2048);

  private final AtomicLong written = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private Repeater trickle;

  @Override
  public void inject(Rig<Topology.Single> rig) {
    RedisProcess server = rig.redis().server();
    long limit = Long.parseLong(server.info("memory", "maxmemory"));
    // Up to the limit at once (bounded: eviction may hold used memory just below it).
    for (int batch = 0; batch < 40 && refused.get() == 0 && usedMemory(server) < limit; batch++) {
      write(server, 200);
    }
    trickle = new Repeater("filler", 20, () -> write(server, 50));
  }

  @Override
  public void heal(Rig<Topology.Single> rig) {
    trickle.close();
    RedisProcess server = rig.redis().server();
    List<List<String>> unlinks = new ArrayList<>();
    for (long from = 0; from < written.get(); from += 500) {
      List<String> unlink = new ArrayList<>(List.of("UNLINK"));
      for (long i = from; i < Math.min(from + 500, written.get()); i++) {
        unlink.add("filler:" + i);
      }
      unlinks.add(unlink);
    }
    server.pipeline(unlinks);
  }

  /** Evictions, and the writes Redis refused (-OOM): the filler's, and the rest, which are the cache's. */
  @Override
  public String figures(Rig<Topology.Single> rig) {
    RedisProcess server = rig.redis().server();
    String oom = server.info("errorstats", "errorstat_OOM");
    long refusedInAll = oom.isEmpty() ? 0 : Long.parseLong(oom.replaceAll(".*count=(\\d+).*", "$1"));
    return String.format("%s keys evicted, %d of %d filler writes and %d cache writes refused (OOM)",
        server.info("stats", "evicted_keys"), refused.get(), written.get(), refusedInAll - refused.get());
  }

  private static long usedMemory(RedisProcess server) {
    return Long.parseLong(server.info("memory", "used_memory"));
  }

  private void write(RedisProcess server, int count) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<List<String>> sets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      sets.add(List.of("SET", "filler:" + written.getAndIncrement(), VALUE, "EX", Integer.toString(30 + random.nextInt(271))));
    }
    refused.addAndGet(server.pipeline(sets));
  }
}
