package io.github.httpcache.store;

/**
 * The Lua scripts the store runs. Each touches one key, or keys sharing a hash tag, so every one
 * of them works on a Redis Cluster. Values are compared as raw bytes at the codec's fixed offsets.
 */
final class RedisScripts {
  private RedisScripts() {}

  /**
   * Whether a fill that expects generation ARGV[2] is fenced out of KEYS[1]: the key holds a value
   * of ours (header ARGV[1]) of another generation, or it is empty and the slot's epoch (the key
   * at {@code epochIndex}, when given) is no longer the one the fill's lookup saw: an invalidation,
   * a flush, a restart or an eviction came between.
   */
  private static String fencedOut(int epochIndex) {
    return String.join("\n",
        "local head = redis.call('GETRANGE', KEYS[1], 0, 13)",
        "local fenced",
        "if string.len(head) == 0 and #KEYS >= " + epochIndex + " then",
        "  fenced = redis.call('GET', KEYS[" + epochIndex + "]) ~= ARGV[2]",
        "else",
        "  fenced = string.len(head) == 14 and string.sub(head, 1, 5) == ARGV[1] and string.sub(head, 7, 14) ~= ARGV[2]",
        "end");
  }

  /** KEYS: entry[, epoch]; ARGV: header, expected generation, value, ttl ms. Refuses a fenced fill. */
  static final String SAVE_FENCED = String.join("\n",
      fencedOut(2),
      "if fenced then return 0 end",
      "redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])",
      "return 1");

  /**
   * KEYS: entry, staging[, epoch]; ARGV: header, expected generation, ttl ms. {@link #SAVE_FENCED}
   * for a value already uploaded to the staging key with a plain SET: moves it under the entry key,
   * or drops it when fenced. -1 when the staging key is missing (its SET failed).
   */
  static final String PROMOTE_FENCED = String.join("\n",
      fencedOut(3),
      "if fenced then redis.call('UNLINK', KEYS[2]) return 0 end",
      "if redis.call('EXISTS', KEYS[2]) == 0 then return -1 end",
      "redis.call('RENAME', KEYS[2], KEYS[1])",
      "redis.call('PEXPIRE', KEYS[1], ARGV[3])",
      "return 1");

  /**
   * KEYS: ARGV[5] entries, then their slots' epochs; ARGV: tombstone, fence ms, tombstone kind
   * byte, new epoch, entry count. Leaves a tombstone over each entry and replaces each epoch, so
   * the fence holds even if a tombstone is evicted. A full Redis ({@code noeviction}) refuses
   * writes but not deletes: then the entry or the epoch is deleted, which fences just as well.
   * Many keys per call (a cluster passes one slot's), as a purge walks thousands. Returns how many
   * keys held an entry (not a tombstone).
   */
  static final String INVALIDATE_KEYS = String.join("\n",
      "local entries = tonumber(ARGV[5])",
      "local removed = 0",
      "for i = 1, entries do",
      "  local kind = redis.call('GETRANGE', KEYS[i], 5, 5)",
      "  local written = redis.pcall('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])",
      "  if type(written) == 'table' and written.err then redis.call('UNLINK', KEYS[i]) end",
      "  if kind ~= '' and kind ~= ARGV[3] then removed = removed + 1 end",
      "end",
      "for i = entries + 1, #KEYS do",
      "  local bumped = redis.pcall('SET', KEYS[i], ARGV[4])",
      "  if type(bumped) == 'table' and bumped.err then redis.call('DEL', KEYS[i]) end",
      "end",
      "return removed");

  /** KEYS: epoch; ARGV: a new epoch. The slot's epoch, set to ARGV[1] first if it was missing. */
  static final String ENSURE_EPOCH = String.join("\n",
      "local epoch = redis.call('GET', KEYS[1])",
      "if epoch then return epoch end",
      "redis.pcall('SET', KEYS[1], ARGV[1], 'NX')",
      "return redis.call('GET', KEYS[1])");

  /**
   * ARGV: window ms, members. A sorted set scored by expiry, pruned as it grows and as it is read.
   * GT keeps a member's latest expiry when saves of one key land out of order. It has no TTL of its
   * own: under a {@code volatile-*} policy Redis never evicts it, so a tag or pattern invalidation
   * always finds the entries and fills it names.
   */
  static final String EXPIRING_SET_ADD = String.join("\n",
      "local t = redis.call('TIME')",
      "local now = t[1] * 1000 + math.floor(t[2] / 1000)",
      "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)",
      "for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'GT', now + tonumber(ARGV[1]), ARGV[i]) end",
      "return 1");

  /** Prunes the expired members of the set and returns how many are left. */
  static final String EXPIRING_SET_SIZE = String.join("\n",
      "local t = redis.call('TIME')",
      "local now = t[1] * 1000 + math.floor(t[2] / 1000)",
      "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)",
      "return redis.call('ZCARD', KEYS[1])");

  /** Returns the live members of the set; with ARGV[1] = 'take', also deletes it. */
  static final String EXPIRING_SET_MEMBERS = String.join("\n",
      "local t = redis.call('TIME')",
      "local now = t[1] * 1000 + math.floor(t[2] / 1000)",
      "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)",
      "local members = redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')",
      "if ARGV[1] == 'take' then redis.call('DEL', KEYS[1]) end",
      "return members");

  /**
   * Below the budget, count the key and admit it. At the budget, admit only a key already counted:
   * PFADD on a throwaway copy tells whether it is new without growing the real count.
   */
  static final String ADMIT_KEY = String.join("\n",
      "if redis.call('PFCOUNT', KEYS[1]) < tonumber(ARGV[3]) then",
      "  redis.call('PFADD', KEYS[1], ARGV[1])",
      "  redis.call('PEXPIRE', KEYS[1], ARGV[2])",
      "  return 1",
      "end",
      "redis.call('COPY', KEYS[1], KEYS[2], 'REPLACE')",
      "local added = redis.call('PFADD', KEYS[2], ARGV[1])",
      "redis.call('DEL', KEYS[2])",
      "if added == 0 then return 1 end",
      "return 0");

  /** ARGV: holder. Deletes the lease only if this node still holds it (it may have expired and moved on). */
  static final String RELEASE_LEASE = String.join("\n",
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end",
      "return 0");
}
