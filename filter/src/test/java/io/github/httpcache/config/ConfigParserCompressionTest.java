package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code cache.compression} and {@code cache.compression-min-size}. */
class ConfigParserCompressionTest {
  private static String errorFor(String key, String value) {
    return assertThrows(ConfigException.class, () -> ConfigParser.parse(Map.of(key, value))).getMessage();
  }

  @ParameterizedTest(name = "cache.compression \"{0}\" -> {1}")
  @CsvSource({"gzip, true", "off, false", "' off ', false"})
  void compressionIsGzipOrOff(String value, boolean compression) {
    assertEquals(compression, ConfigParser.parse(Map.of("cache.compression", value)).compression());
  }

  @ParameterizedTest(name = "cache.compression \"{0}\" is rejected")
  @CsvSource({"GZIP", "on", "true", "false", "br", "deflate", "''"})
  void compressionOtherThanGzipOrOffIsRejected(String value) {
    assertEquals("cache.compression = \"" + value + "\": expected gzip or off", errorFor("cache.compression", value));
  }

  @ParameterizedTest(name = "cache.compression-min-size \"{0}\" -> {1} bytes")
  @CsvSource({"1, 1", "256, 256", "2KiB, 2048", "1MiB, 1048576"})
  void compressionMinSizeIsASize(String value, int bytes) {
    assertEquals(bytes, ConfigParser.parse(Map.of("cache.compression-min-size", value)).compressionMinSize());
  }

  @ParameterizedTest(name = "cache.compression-min-size \"{0}\" is rejected")
  @CsvSource(delimiter = '|', textBlock = """
      # value  | expectation
      0        | expected a positive size such as 65536, 512KiB or 1MiB, at most 2GiB
      -1       | expected a positive size such as 65536, 512KiB or 1MiB
      small    | expected a positive size such as 65536, 512KiB or 1MiB
      """)
  void compressionMinSizeMustBeAPositiveSize(String value, String expectation) {
    assertEquals("cache.compression-min-size = \"" + value + "\": " + expectation,
        errorFor("cache.compression-min-size", value));
  }
}
