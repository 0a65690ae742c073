package io.github.httpcache.policy;

import java.time.Duration;

/**
 * A {@code delta-seconds} value (RFC 9111 §1.2.2) as read from a directive or field: absent,
 * a valid non-negative number of seconds, or present but invalid. Callers decide what an invalid
 * value means; for freshness it means "stale" (RFC 9111 §4.2.1).
 *
 * @param seconds the value when {@link Status#VALID}, at most {@link #MAX} except for
 *     {@link #UNBOUNDED}; zero otherwise
 */
public record DeltaSeconds(Status status, long seconds) {
  /** RFC 9111 §1.2.2: any larger value, or an overflow, is taken as 2^31 ("infinity"). */
  public static final long MAX = 2_147_483_648L;

  /** The value of a bare {@code max-stale} request directive: any staleness is acceptable. */
  public static final long UNBOUNDED = Long.MAX_VALUE;

  private static final DeltaSeconds ABSENT = new DeltaSeconds(Status.ABSENT, 0);
  private static final DeltaSeconds INVALID = new DeltaSeconds(Status.INVALID, 0);

  /** Whether the directive or field was there, and if so whether its value could be read. */
  public enum Status {
    ABSENT,
    VALID,
    INVALID
  }

  public DeltaSeconds {
    if (status == null) {
      throw new IllegalArgumentException("status is required");
    }
    if (status == Status.VALID ? seconds < 0 : seconds != 0) {
      throw new IllegalArgumentException(status + " delta-seconds cannot hold " + seconds);
    }
  }

  public static DeltaSeconds absent() {
    return ABSENT;
  }

  public static DeltaSeconds invalid() {
    return INVALID;
  }

  public static DeltaSeconds of(long seconds) {
    return new DeltaSeconds(Status.VALID, seconds);
  }

  /**
   * Reads {@code 1*DIGIT} exactly: no sign, no fraction, no whitespace, no quotes. Leading zeros
   * are allowed; values past {@link #MAX} are capped at it however many digits they have.
   */
  public static DeltaSeconds parse(String text) {
    if (text == null || text.isEmpty()) {
      return INVALID;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return INVALID;
      }
      value = Math.min(MAX, value * 10 + (c - '0'));
    }
    return of(value);
  }

  public boolean isValid() {
    return status == Status.VALID;
  }

  public boolean isAbsent() {
    return status == Status.ABSENT;
  }

  public boolean isInvalid() {
    return status == Status.INVALID;
  }

  /** The value as a duration; only meaningful when {@link #isValid()}. */
  public Duration toDuration() {
    if (!isValid()) {
      throw new IllegalStateException("no value: " + status);
    }
    return Duration.ofSeconds(seconds);
  }
}
