package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Sentinel, TLS trust store and connection-bound keys: accepted forms, and errors naming key, value and fix. */
class RedisLocationKeysTest {

  private static Map<String, String> entries(String... keysAndValues) {
    Map<String, String> entries = new HashMap<>(Map.of("route.any.path", "/**", "route.any.ttl", "1m"));
    for (int i = 0; i < keysAndValues.length; i += 2) {
      entries.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return entries;
  }

  private static String errorFor(String... keysAndValues) {
    return assertThrows(ConfigException.class, () -> ConfigParser.parse(entries(keysAndValues))).getMessage();
  }

  @Test
  void sentinelMasterAndNodesAreRead() {
    CacheSettings settings = ConfigParser.parse(entries("redis.sentinel-master", "cachemaster",
        "redis.sentinel-nodes", "redis://10.0.0.1:26379, redis://10.0.0.2:26379"));

    assertEquals(Optional.of("cachemaster"), settings.sentinelMaster());
    assertEquals(List.of("redis://10.0.0.1:26379", "redis://10.0.0.2:26379"), settings.sentinelNodes());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "cachemaster | redis | cachemaster | 0",
      "rediss://app:secret@cachemaster/2 | rediss | cachemaster | 2",
      "redis://:secret@cache-master.prod | redis | cache-master.prod | 0"})
  void aMasterIsANameOrAUrlNamingIt(String value, String scheme, String name, int database) {
    RedisAddress master = RedisAddress.parseMasterName("redis.sentinel-master", value);

    assertEquals(scheme, master.scheme());
    assertEquals(name, master.host());
    assertEquals(database, master.database());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "redis.sentinel-master | cachemaster | redis.url | redis://h:6379 | conflicts with redis.url",
      "redis.sentinel-master | cachemaster | redis.cluster-nodes | redis://h:7000 | conflicts with redis.cluster-nodes",
      "redis.sentinel-master | cachemaster | metrics.top-keys | 100 | needs redis.sentinel-nodes",
      "redis.sentinel-nodes | redis://h:26379 | metrics.top-keys | 100 | needs redis.sentinel-master",
      "redis.sentinel-master | redis://cachemaster:6379 | redis.sentinel-nodes | redis://h:26379 | with no port",
      "redis.max-connections | 0 | metrics.top-keys | 100 | expected a positive whole number",
      "redis.tls.truststore | /no/such/store.p12 | metrics.top-keys | 100 | no readable file there",
      "redis.tls.truststore-password | secret | metrics.top-keys | 100 | needs redis.tls.truststore"})
  void aBadCombinationNamesItsKeyAndWhatItNeeds(String key, String value, String otherKey, String otherValue,
      String expectation) {
    String message = errorFor(key, value, otherKey, otherValue);

    assertTrue(message.startsWith(key + " = \""), message);
    assertTrue(message.contains(expectation), message);
  }

  @Test
  void theTrustStorePasswordIsNeverShown() {
    String message = errorFor("redis.tls.truststore-password", "hunter2");

    assertEquals("redis.tls.truststore-password = \"****\": needs redis.tls.truststore, the trust store it opens", message);
  }

  @Test
  void maxConnectionsDefaultsTo32AndIsLogged() {
    CacheSettings settings = ConfigParser.parse(entries());

    assertEquals(32, settings.redisMaxConnections());
    assertTrue(settings.toString().contains(" redis.max-connections=32 "), settings.toString());
  }

  @Test
  void aSentinelPasswordIsMaskedInTheLoggedSettings() {
    String logged = ConfigParser.parse(entries("redis.sentinel-master", "redis://app:secret@cachemaster",
        "redis.sentinel-nodes", "redis://:sentinelpw@h:26379")).toString();

    assertTrue(logged.startsWith("redis.sentinel-master=redis://app:****@cachemaster redis.sentinel-nodes=[redis://:****@h:26379]"),
        logged);
  }
}
