package io.github.httpcache.key;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster's key-to-slot mapping (the cluster specification: CRC16/XMODEM of the key, or of
 * its hash tag, modulo 16384), and for any slot a short hash tag that lands in it. A helper key
 * that must share a slot with a key it cannot textually contain (whose braces, if any, are not
 * ours to rely on) carries that slot's tag.
 */
public final class ClusterSlots {
  public static final int COUNT = 16384;

  private ClusterSlots() {}

  /** The slot {@code key} hashes to: the first non-empty {@code {...}} in it, else the whole key. */
  public static int slotOf(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    int from = 0;
    int to = bytes.length;
    int open = indexOf(bytes, (byte) '{', 0);
    if (open >= 0) {
      int close = indexOf(bytes, (byte) '}', open + 1);
      if (close > open + 1) {
        from = open + 1;
        to = close;
      }
    }
    return crc16(bytes, from, to) % COUNT;
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
        byte[] tag = Integer.toString(n, Character.MAX_RADIX).getBytes(StandardCharsets.US_ASCII);
        int slot = crc16(tag, 0, tag.length) % COUNT;
        if (bySlot[slot] < 0) {
          bySlot[slot] = n;
          found++;
        }
      }
      return bySlot;
    }
  }

  private static int indexOf(byte[] bytes, byte wanted, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  /** CRC16/XMODEM: polynomial 0x1021, initial value 0, no reflection. */
  static int crc16(byte[] bytes, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc ^= (bytes[i] & 0xFF) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
    }
    return crc & 0xFFFF;
  }
}
