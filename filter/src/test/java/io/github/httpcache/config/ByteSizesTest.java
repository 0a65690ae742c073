package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizesTest {
  private static final String KEY = "cache.max-body-size";
  private static final String EXPECTED = "expected a positive size such as 65536, 512KiB or 1MiB";

  @ParameterizedTest(name = "{0} is {1} bytes")
  @CsvSource({
    "65536,   65536",
    "512KiB,  524288",
    "512K,    524288",
    "1MiB,    1048576",
    "1MB,     1048576",
    "1 MiB,   1048576",
    "1GiB,    1073741824",
    "' 1KB ', 1024",
  })
  void plainAndBinaryUnitSizesAreAccepted(String text, int bytes) {
    assertEquals(bytes, ByteSizes.parsePositive(KEY, text));
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @CsvSource({"-1", "3TiB", "1.5MiB", "abc", "''", "MiB", "1 Mebibyte"})
  void malformedSizesAreRejectedNamingKeyAndValue(String text) {
    ConfigException error = assertThrows(ConfigException.class, () -> ByteSizes.parsePositive(KEY, text));

    assertEquals(KEY + " = \"" + text + "\": " + EXPECTED, error.getMessage());
  }

  @ParameterizedTest(name = "\"{0}\" is out of range")
  @CsvSource({"0", "0KiB", "2GiB", "3G", "99999999999999999999", "9999999999999GiB"})
  void zeroAndSizesOverTwoGibibytesAreRejected(String text) {
    ConfigException error = assertThrows(ConfigException.class, () -> ByteSizes.parsePositive(KEY, text));

    assertEquals(KEY + " = \"" + text + "\": " + EXPECTED + ", at most 2GiB", error.getMessage());
  }
}
