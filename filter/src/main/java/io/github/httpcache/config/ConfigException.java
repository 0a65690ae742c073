package io.github.httpcache.config;

/**
 * A configuration entry that cannot be used. The message names the key, the value and what was
 * expected, so a deployment that fails at startup says exactly which line to fix.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  /** {@code key = "value": expectation}, the one shape every configuration error takes. */
  public static ConfigException of(String key, String value, String expectation) {
    return new ConfigException(key + " = \"" + value + "\": " + expectation);
  }
}
