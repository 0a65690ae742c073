package io.github.httpcache.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Maps logical keys to Redis keys: the namespace prefix, then the logical key verbatim, or, when
 * it is longer than {@value #MAX_VERBATIM_LENGTH} characters, its first {@value #DIGEST_PREFIX_LENGTH}
 * characters and a SHA-256 digest of the whole (the prefix keeps pattern invalidation such as
 * {@code GET:/api/search*} able to find it).
 */
public final class RedisKeys {
  public static final int MAX_VERBATIM_LENGTH = 256;
  public static final int DIGEST_PREFIX_LENGTH = 128;
  private static final String DIGEST_MARK = "#sha256:";
  /** No logical key starts with {@code ~} (they start with a method), so these never collide. */
  private static final String AUXILIARY_MARK = "~";

  private final String namespace;
  /** Per slot, its epoch key once built (see {@link #epochKey}); immutable values, so a plain array is safe to share. */
  @SuppressWarnings("unchecked")
  private final Optional<String>[] epochKeys = new Optional[ClusterSlots.COUNT];

  public RedisKeys(String namespace) {
    this.namespace = namespace;
  }

  public String entryKey(String logicalKey) {
    if (logicalKey.startsWith(AUXILIARY_MARK)) {
      // A key template can start with a request's value: never let it name a bookkeeping key.
      logicalKey = "%7E" + logicalKey.substring(1);
    }
    if (logicalKey.length() <= MAX_VERBATIM_LENGTH) {
      return namespace + logicalKey;
    }
    return namespace + logicalKey.substring(0, DIGEST_PREFIX_LENGTH) + DIGEST_MARK + sha256(logicalKey);
  }

  /**
   * Where a route's key budget (a HyperLogLog of the keys it stored) lives; not an entry. The
   * braces are a Redis Cluster hash tag, keeping the budget and its probe copy in one slot.
   */
  public String budgetKey(String routeName) {
    return namespace + AUXILIARY_MARK + "budget:{" + routeName + "}";
  }

  /** The set of fills in progress, which pattern, tag and purge invalidations fence off. */
  public String fillsInProgressKey() {
    return namespace + AUXILIARY_MARK + "fills";
  }

  /** The lease one node takes to fill {@code logicalKey} while the others wait (short keys verbatim, else digested). */
  public String leaseKey(String logicalKey) {
    String entry = entryKey(logicalKey).substring(namespace.length());
    return namespace + AUXILIARY_MARK + "lease:" + entry;
  }

  /**
   * Where a fill's body waits for the moment between its upload and the fenced script that moves
   * it under {@code entryRedisKey}: unique to the fill ({@code fillId}), and in the entry key's
   * Redis Cluster slot (by a hash tag chosen for that slot), so the move is a single-slot script.
   * Empty when the namespace's own braces put the helper key in another slot.
   */
  public Optional<String> stagingKey(String entryRedisKey, long fillId) {
    int slot = ClusterSlots.slotOf(entryRedisKey);
    String staging = namespace + AUXILIARY_MARK + "staging:{" + ClusterSlots.tagFor(slot) + "}:"
        + Long.toHexString(fillId);
    return ClusterSlots.slotOf(staging) == slot ? Optional.of(staging) : Optional.empty();
  }

  /**
   * The fence epoch of the Redis Cluster slot {@code entryRedisKey} lives in: a random value that
   * every invalidation in the slot replaces and that a restart, a flush or an eviction loses, so a
   * fill whose lookup found the key empty is saved only while the epoch it saw is still there.
   * Empty when the namespace's own braces put the helper key in another slot.
   */
  public Optional<String> epochKey(String entryRedisKey) {
    int slot = ClusterSlots.slotOf(entryRedisKey);
    Optional<String> known = epochKeys[slot];
    if (known == null) {
      // Built on a slot's first lookup, not on every one; a race only builds the same value twice.
      String epoch = namespace + AUXILIARY_MARK + "epoch:{" + ClusterSlots.tagFor(slot) + "}";
      known = ClusterSlots.slotOf(epoch) == slot ? Optional.of(epoch) : Optional.empty();
      epochKeys[slot] = known;
    }
    return known;
  }

  /**
   * Where a master records the {@code run_id} of the server this namespace was last emptied on: in
   * {@code slot} (one the master serves) on a cluster, so each master has its own; one key otherwise,
   * or when the namespace's own braces put every key in one slot.
   */
  public String incarnationKey(OptionalInt slot) {
    String single = namespace + AUXILIARY_MARK + "incarnation";
    if (slot.isEmpty()) {
      return single;
    }
    String perSlot = single + ":{" + ClusterSlots.tagFor(slot.getAsInt()) + "}";
    return ClusterSlots.slotOf(perSlot) == slot.getAsInt() ? perSlot : single;
  }

  /** The index of the entries that carry {@code tag} (a sorted set scored by expiry). */
  public String tagKey(String tag) {
    return namespace + AUXILIARY_MARK + "tag:{" + tag + "}";
  }

  /**
   * The index of the entry keys {@code routeName} stored (a sorted set scored by expiry), which
   * pattern invalidations and purges walk instead of every key of Redis.
   */
  public String keyIndexKey(String routeName) {
    return namespace + AUXILIARY_MARK + "keys:{" + routeName + "}";
  }

  /**
   * Whether {@code redisKey} names other keys for invalidations to find (a key index, the index
   * registry, a tag set, the fills under way): a member naming a key that is gone costs nothing,
   * a lost member lets an invalidation miss an entry.
   */
  public boolean namesOtherKeys(String redisKey) {
    return redisKey.startsWith(openBrace(keyIndexKey(""))) || redisKey.equals(keyIndexesKey())
        || redisKey.startsWith(openBrace(tagKey(""))) || redisKey.equals(fillsInProgressKey());
  }

  /** {@code name}, a key ending in an empty hash tag ({@code ...{}}), up to its opening brace included. */
  private static String openBrace(String name) {
    return name.substring(0, name.length() - 1);
  }

  /** The set of route names whose key indexes hold entries, so a purge finds indexes other nodes wrote. */
  public String keyIndexesKey() {
    return namespace + AUXILIARY_MARK + "indexes";
  }

  /** A SCAN pattern for every key of this namespace (the namespace has no glob characters). */
  public String everyKeyPattern() {
    return namespace + "*";
  }

  public String namespace() {
    return namespace;
  }

  /** Whether a Redis key of this namespace holds bookkeeping rather than an entry. */
  public boolean isAuxiliary(String redisKey) {
    return redisKey.startsWith(namespace + AUXILIARY_MARK);
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
