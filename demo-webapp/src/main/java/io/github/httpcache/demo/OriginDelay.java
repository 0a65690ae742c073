package io.github.httpcache.demo;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The artificial latency every demo servlet call pays before answering, from
 * {@value #NAME}, so a demo can show what a cache hit saves.
 *
 * <p>The system property wins over the environment variable; unset or blank means no delay.
 */
public record OriginDelay(Duration duration) {

  /** The system property and environment variable that set the delay, in milliseconds. */
  public static final String NAME = "DEMO_ORIGIN_DELAY_MS";

  /** The ServletContext attribute under which {@link DemoContextListener} publishes the delay. */
  public static final String CONTEXT_ATTRIBUTE = OriginDelay.class.getName();

  /** Upper bound that keeps a typo (an extra zero or two) from hanging every request. */
  static final long MAX_MILLIS = 60_000;

  public static final OriginDelay NONE = new OriginDelay(Duration.ZERO);

  /** Reads {@value #NAME} from the JVM's system properties, then its environment. */
  public static OriginDelay fromSystem() {
    return resolve(System::getProperty, System::getenv);
  }

  /**
   * @throws IllegalArgumentException naming the variable, its value and what was expected
   */
  static OriginDelay resolve(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    String property = systemProperties.apply(NAME);
    if (property != null && !property.isBlank()) {
      return parse(property, "system property");
    }
    String variable = environment.apply(NAME);
    if (variable != null && !variable.isBlank()) {
      return parse(variable, "environment variable");
    }
    return NONE;
  }

  static OriginDelay parse(String value, String source) {
    long millis;
    try {
      millis = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw invalid(value, source);
    }
    if (millis < 0 || millis > MAX_MILLIS) {
      throw invalid(value, source);
    }
    return millis == 0 ? NONE : new OriginDelay(Duration.ofMillis(millis));
  }

  private static IllegalArgumentException invalid(String value, String source) {
    return new IllegalArgumentException(
        NAME + " = \"" + value + "\" (" + source + "): expected a whole number of milliseconds"
            + " from 0 to " + MAX_MILLIS + ", such as 250");
  }

  /** Sleeps for the delay; an interrupt ends the sleep early and stays set for the container. */
  public void pause() {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
