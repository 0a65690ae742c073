package io.github.httpcache.key;

import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Redis Cluster's key-to-slot mapping (the cluster specification: CRC16/XMODEM of the key, or of
 * its hash tag, modulo 16384; Jedis's table-driven implementation), and for any slot a short hash
 * tag that lands in it. A helper key
 * that must share a slot with a key it cannot textually contain (whose braces, if any, are not
 * ours to rely on) carries that slot's tag.
 */
public final class ClusterSlots {
  public static final int COUNT = 16384;

  private ClusterSlots() {}

  /** The slot {@code key} hashes to: the first non-empty {@code {...}} in it, else the whole key. */
  public static int slotOf(String key) {
    return JedisClusterCRC16.getSlot(key);
  }

  /** A short string that, as a hash tag ({@code {tag}}), puts a key in {@code slot}. */
  public static String tagFor(int slot) {
    return Integer.toString(Tags.BY_SLOT[slot], Character.MAX_RADIX);
  }

  /** The smallest base-36 number hashing to each slot, found once, on first use (64 KiB). */
  private static final class Tags {
    static final int[] BY_SLOT = build();

    private static int[] build() {
      int[] bySlot = new int[COUNT];
      java.util.Arrays.fill(bySlot, -1);
      int found = 0;
      for (int n = 0; found < COUNT; n++) {
        int slot = JedisClusterCRC16.getSlot(Integer.toString(n, Character.MAX_RADIX));
        if (bySlot[slot] < 0) {
          bySlot[slot] = n;
          found++;
        }
      }
      return bySlot;
    }
  }
}
