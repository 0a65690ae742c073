package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedisAddressTest {
  @ParameterizedTest
  @CsvSource({
    "redis://127.0.0.1:6379,       redis://127.0.0.1:6379,  0",
    "redis://localhost,            redis://localhost:6379,  0",
    "rediss://cache.example:6380/2, rediss://cache.example:6380, 2",
    "redis://my_redis:6379,        redis://my_redis:6379,   0",
    "'redis://[::1]:7000/',        'redis://[::1]:7000',    0",
  })
  void serverAddressAndDatabaseAreParsed(String url, String server, int database) {
    RedisAddress address = RedisAddress.parse("redis.url", url);

    assertEquals(server, address.serverAddress());
    assertEquals(database, address.database());
  }

  @Test
  void credentialsAreSplitAtTheFirstColonAndDecoded() {
    RedisAddress address = RedisAddress.parse("redis.url", "redis://app:p%40ss@word@host:6379");

    assertEquals(Optional.of("app"), address.username());
    assertEquals(Optional.of("p@ss@word"), address.password());
  }

  @Test
  void passwordAloneHasNoUsername() {
    RedisAddress address = RedisAddress.parse("redis.url", "redis://:secret@host");

    assertEquals(Optional.empty(), address.username());
    assertEquals(Optional.of("secret"), address.password());
  }

  @Test
  void toStringNeverShowsThePassword() {
    String shown = RedisAddress.parse("redis.url", "redis://app:secret@host:1").toString();

    assertFalse(shown.contains("secret"), shown);
    assertTrue(shown.contains("with password"), shown);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://host:6379", "redis://", "redis://host:port", "redis://host:6379/db", "redis://host:99999",
      "redis://host:6379?timeout=1"})
  void malformedUrlIsRejectedNamingTheKey(String url) {
    ConfigException error = assertThrows(ConfigException.class, () -> RedisAddress.parse("redis.url", url));

    assertTrue(error.getMessage().startsWith("redis.url = \""), error.getMessage());
  }
}
