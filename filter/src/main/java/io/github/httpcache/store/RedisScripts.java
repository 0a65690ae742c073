package io.github.httpcache.store;

/**
 * The Lua scripts the store runs. Each touches one key, or keys sharing a hash tag, so every one
 * of them works on a Redis Cluster. Values are compared as raw bytes at the codec's fixed offsets.
 */
final class RedisScripts {
  private RedisScripts() {}

  /** Whether KEYS[1] holds a value of ours (header ARGV[1]) of another generation than ARGV[2]: a fenced fill. */
  private static final String FENCED_OUT = String.join("\n",
      "local head = redis.call('GETRANGE', KEYS[1], 0, 13)",
      "local fenced = string.len(head) == 14 and string.sub(head, 1, 5) == ARGV[1] and string.sub(head, 7, 14) ~= ARGV[2]");

  /** ARGV: header, expected generation, value, ttl ms. Refuses when the key holds another generation of ours. */
  static final String SAVE_FENCED = String.join("\n",
      FENCED_OUT,
      "if fenced then return 0 end",
      "redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])",
      "return 1");

  /**
   * KEYS: entry, staging; ARGV: header, expected generation, ttl ms. {@link #SAVE_FENCED} for a
   * value already uploaded to the staging key with a plain SET: moves it under the entry key, or
   * drops it when fenced. -1 when the staging key is missing (its SET failed).
   */
  static final String PROMOTE_FENCED = String.join("\n",
      FENCED_OUT,
      "if fenced then redis.call('UNLINK', KEYS[2]) return 0 end",
      "if redis.call('EXISTS', KEYS[2]) == 0 then return -1 end",
      "redis.call('RENAME', KEYS[2], KEYS[1])",
      "redis.call('PEXPIRE', KEYS[1], ARGV[3])",
      "return 1");

  /** ARGV: tombstone, fence ms, tombstone kind byte. Returns 1 when an entry (not a tombstone) was there. */
  static final String INVALIDATE_KEY = String.join("\n",
      "local kind = redis.call('GETRANGE', KEYS[1], 5, 5)",
      "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])",
      "if kind ~= '' and kind ~= ARGV[3] then return 1 end",
      "return 0");

  /** ARGV: member, window ms. A sorted set scored by expiry, pruned as it grows, living as long as its newest member. */
  static final String EXPIRING_SET_ADD = String.join("\n",
      "local t = redis.call('TIME')",
      "local now = t[1] * 1000 + math.floor(t[2] / 1000)",
      "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)",
      "redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])",
      "if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end",
      "return 1");

  /** Returns the live members of the set; with ARGV[1] = 'take', also deletes it. */
  static final String EXPIRING_SET_MEMBERS = String.join("\n",
      "local t = redis.call('TIME')",
      "local now = t[1] * 1000 + math.floor(t[2] / 1000)",
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
