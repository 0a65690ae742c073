package io.github.httpcache.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.util.JedisClusterCRC16;

/** The examples of the Redis Cluster specification, and a tag for every slot. */
class ClusterSlotsTest {
  /** The CRC16 Jedis computes slots with (the one {@link ClusterSlots#slotOf} calls) is the specification's. */
  @Test
  void crcIsXmodemAsTheSpecificationChecksIt() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

    assertEquals(0x31C3, JedisClusterCRC16.getCRC16(check));
  }

  @ParameterizedTest(name = "{0} hashes as {1}")
  @CsvSource(delimiter = '|', value = {
    "{user1000}.following | user1000",
    "{user1000}.followers | user1000",
    "foo{}{bar}           | foo{}{bar}",
    "foo{{bar}}zap        | {bar",
    "foo{bar}{zap}        | bar",
    "no-braces            | no-braces",
    "open{only            | open{only",
    "close}only           | close}only",
  })
  void hashTagRulesOfTheSpecification(String key, String hashed) {
    byte[] bytes = hashed.getBytes(StandardCharsets.UTF_8);

    assertEquals(JedisClusterCRC16.getCRC16(bytes) % ClusterSlots.COUNT, ClusterSlots.slotOf(key));
  }

  @Test
  void everySlotHasATagLandingInIt() {
    for (int slot = 0; slot < ClusterSlots.COUNT; slot++) {
      assertEquals(slot, ClusterSlots.slotOf("helper:{" + ClusterSlots.tagFor(slot) + "}:x"), "slot " + slot);
    }
  }
}
