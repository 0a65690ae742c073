package io.github.httpcache.key;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisKeysTest {
  private static final RedisKeys KEYS = new RedisKeys("http-cache:");

  /** A logical key of exactly {@code length} characters. */
  private static String logicalKeyOfLength(int length, char filler) {
    String prefix = "GET:/api/search?q=";
    return prefix + String.valueOf(filler).repeat(length - prefix.length());
  }

  @ParameterizedTest(name = "{0} + {1}")
  @CsvSource({
    "http-cache:,  GET:/api/posts/,           http-cache:GET:/api/posts/",
    "http-cache:,  GET:/api/users/1?a=1&b=2,  http-cache:GET:/api/users/1?a=1&b=2",
    "app1:cache:,  GET:/api/users/1,          app1:cache:GET:/api/users/1",
  })
  void shortKeyIsTheNamespaceThenTheLogicalKeyVerbatim(String namespace, String logicalKey, String redisKey) {
    assertEquals(redisKey, new RedisKeys(namespace).entryKey(logicalKey));
  }

  @Test
  void everyKeyPatternIsTheNamespaceThenAStar() {
    assertEquals("http-cache:*", KEYS.everyKeyPattern());
  }

  @ParameterizedTest(name = "slot {0}")
  @CsvSource({"0", "1", "5460", "16383"})
  void aClusterMastersIncarnationKeyLivesInTheSlotItServes(int slot) {
    String key = KEYS.incarnationKey(java.util.OptionalInt.of(slot));

    assertTrue(key.startsWith("http-cache:~incarnation:{"), key);
    assertEquals(slot, ClusterSlots.slotOf(key));
    assertTrue(KEYS.isAuxiliary(key));
  }

  @Test
  void oneIncarnationKeyWhenNotOnAClusterOrWhenTheNamespacePinsTheSlot() {
    RedisKeys pinned = new RedisKeys("{app}:");
    int pinnedSlot = ClusterSlots.slotOf("{app}:");

    assertAll(
        () -> assertEquals("http-cache:~incarnation", KEYS.incarnationKey(java.util.OptionalInt.empty())),
        () -> assertEquals("{app}:~incarnation", pinned.incarnationKey(java.util.OptionalInt.of(pinnedSlot == 7 ? 8 : 7))),
        () -> assertEquals(pinnedSlot, ClusterSlots.slotOf(pinned.incarnationKey(java.util.OptionalInt.of(pinnedSlot)))));
  }

  @Test
  void keyOf256CharactersIsKeptVerbatim() {
    String logicalKey = logicalKeyOfLength(256, 'x');

    assertEquals("http-cache:" + logicalKey, KEYS.entryKey(logicalKey));
  }

  @Test
  void keyOf257CharactersIsStoredUnderADigest() {
    String logicalKey = logicalKeyOfLength(257, 'x');

    String redisKey = KEYS.entryKey(logicalKey);

    assertAll(
        () -> assertTrue(redisKey.startsWith("http-cache:"), redisKey),
        () -> assertFalse(redisKey.contains(logicalKey), redisKey),
        () -> assertTrue(redisKey.length() < logicalKey.length(), redisKey));
  }

  @Test
  void digestedKeyIsTheNamespaceTheFirst128CharactersAndTheSha256OfTheWholeKey() {
    String logicalKey = logicalKeyOfLength(257, 'x');

    assertEquals("http-cache:" + logicalKey.substring(0, 128)
            + "#sha256:7f74e8116c153c7123e3b9d626acbc57ce3012e9c4a48c14a121526e27c5d19a",
        KEYS.entryKey(logicalKey));
  }

  @Test
  void digestIsOfTheUtf8BytesOfTheKey() {
    String logicalKey = logicalKeyOfLength(300, '\u00e9');

    assertEquals("http-cache:" + logicalKey.substring(0, 128)
            + "#sha256:6e452a161eb186f3164eea5730a08838d3c00ebe0e8e76427d906228a7f30e9d",
        KEYS.entryKey(logicalKey));
  }

  /** The kept prefix is what lets pattern invalidation (SCAN MATCH) still find a long key. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"GET:/api/search*", "GET:/api/search?q=xxx*", "*search*"})
  void patternOverTheFirst128CharactersMatchesTheDigestedKey(String pattern) {
    assertTrue(Globs.toRegex("http-cache:" + pattern).matcher(KEYS.entryKey(logicalKeyOfLength(1000, 'x'))).matches());
  }

  @Test
  void longKeysSharingTheirFirst128CharactersGiveDifferentRedisKeys() {
    String one = logicalKeyOfLength(300, 'x');
    String other = logicalKeyOfLength(128, 'x') + "y".repeat(172);

    assertNotEquals(KEYS.entryKey(one), KEYS.entryKey(other));
  }

  @Test
  void sameLongKeyAlwaysGivesTheSameRedisKey() {
    assertEquals(
        new RedisKeys("http-cache:").entryKey(logicalKeyOfLength(1000, 'x')),
        new RedisKeys("http-cache:").entryKey(logicalKeyOfLength(1000, 'x')));
  }

  @Test
  void longKeysDifferingInTheirLastCharacterGiveDifferentRedisKeys() {
    String one = logicalKeyOfLength(999, 'x') + "a";
    String other = logicalKeyOfLength(999, 'x') + "b";

    assertNotEquals(KEYS.entryKey(one), KEYS.entryKey(other));
  }

  @Test
  void digestedKeyStaysInItsNamespace() {
    assertTrue(new RedisKeys("app1:").entryKey(logicalKeyOfLength(300, 'y')).startsWith("app1:"));
  }

  /** A route's key index is bookkeeping (never an entry), hash-tagged by the route so it lives in one slot. */
  @Test
  void keyIndexIsAnAuxiliaryKeyTaggedByTheRoute() {
    assertEquals("http-cache:~keys:{users}", KEYS.keyIndexKey("users"));
    assertTrue(KEYS.isAuxiliary(KEYS.keyIndexKey("users")));
    assertTrue(KEYS.isAuxiliary(KEYS.keyIndexesKey()));
  }

  /** The route name is a Redis Cluster hash tag, so the budget and its probe copy share a slot. */
  @ParameterizedTest(name = "{0} + budget of {1}")
  @CsvSource({
    "http-cache:, posts, http-cache:~budget:{posts}",
    "app1:cache:, user,  app1:cache:~budget:{user}",
  })
  void budgetKeyIsTheNamespaceThenAMarkedHashTaggedRouteName(String namespace, String route, String redisKey) {
    assertEquals(redisKey, new RedisKeys(namespace).budgetKey(route));
  }

  @ParameterizedTest(name = "{0} + tag {1}")
  @CsvSource({
    "http-cache:, user-5,   http-cache:~tag:{user-5}",
    "app1:cache:, profiles, app1:cache:~tag:{profiles}",
  })
  void tagKeyIsTheNamespaceThenAMarkedHashTaggedTag(String namespace, String tag, String redisKey) {
    assertEquals(redisKey, new RedisKeys(namespace).tagKey(tag));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"http-cache:, http-cache:~fills", "app1:cache:, app1:cache:~fills"})
  void fillsInProgressKeyIsTheNamespaceThenAMarkedName(String namespace, String redisKey) {
    assertEquals(redisKey, new RedisKeys(namespace).fillsInProgressKey());
  }

  @ParameterizedTest(name = "{0} is auxiliary")
  @CsvSource({"budget", "tag", "fills"})
  void bookkeepingKeysAreAuxiliary(String kind) {
    String redisKey = switch (kind) {
      case "budget" -> KEYS.budgetKey("posts");
      case "tag" -> KEYS.tagKey("user-5");
      default -> KEYS.fillsInProgressKey();
    };

    assertTrue(KEYS.isAuxiliary(redisKey));
  }

  @ParameterizedTest(name = "entry for {0} is not auxiliary")
  @CsvSource({"GET:/api/posts/", "GET:/api/posts/?a=1#user=alice", "GET:/api/posts/#vary=1:abc"})
  void entryKeyIsNotAuxiliary(String logicalKey) {
    assertFalse(KEYS.isAuxiliary(KEYS.entryKey(logicalKey)));
  }

  @Test
  void digestedEntryKeyIsNotAuxiliary() {
    assertFalse(KEYS.isAuxiliary(KEYS.entryKey(logicalKeyOfLength(300, 'z'))));
  }

  @Test
  void budgetKeyOfAnotherNamespaceIsNotAuxiliaryHere() {
    assertFalse(KEYS.isAuxiliary(new RedisKeys("other:").budgetKey("posts")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "GET:/api/posts/1",
    "GET:/api/{tagged}/1",
    "GET:/api/close}only",
    "GET:/api/{}/empty-tag",
  })
  void stagingKeyIsAuxiliaryAndInTheEntrysClusterSlot(String logicalKey) {
    String entryKey = KEYS.entryKey(logicalKey);

    String staging = KEYS.stagingKey(entryKey, 42).orElseThrow();

    assertTrue(KEYS.isAuxiliary(staging), staging);
    assertEquals(ClusterSlots.slotOf(entryKey), ClusterSlots.slotOf(staging), staging);
    assertNotEquals(staging, KEYS.stagingKey(entryKey, 43).orElseThrow());
  }

  @Test
  void noStagingKeyWhenTheNamespacesOwnBraceWouldMoveIt() {
    RedisKeys keys = new RedisKeys("app{");

    assertTrue(keys.stagingKey(keys.entryKey("GET:/x"), 42).isEmpty());
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} names other keys: {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "http-cache:~keys:{users}, true",
    "http-cache:~indexes, true",
    "http-cache:~tag:{user-1}, true",
    "http-cache:~fills, true",
    "http-cache:GET:/api/users/1, false",
    "http-cache:~epoch:{a1}, false",
    "http-cache:~incarnation, false",
    "http-cache:~budget:{users}, false",
    "other:~keys:{users}, false",
  })
  void whatNamesKeysForInvalidationsIsKnown(String redisKey, boolean names) {
    assertEquals(names, KEYS.namesOtherKeys(redisKey));
  }
}
