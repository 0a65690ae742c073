package io.github.httpcache.policy;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Range} request answered from a stored complete response (RFC 9110 §14): which bytes,
 * or the whole response, or {@code 416}. One range only: a request for several gets the whole
 * response, which RFC 9110 §14.2 allows (a server may ignore {@code Range}); so does a range in
 * another unit, one that does not parse, a method other than {@code GET}, and a failed
 * {@code If-Range} (§13.1.5: strong {@code ETag} match, or a date equal to a strong
 * {@code Last-Modified}).
 */
public final class ByteRanges {
  private static final Pattern SPEC = Pattern.compile("(\\d{1,18})?-(\\d{1,18})?");

  private ByteRanges() {}

  /** What to send of a stored response. */
  public sealed interface Selection {}

  /** The whole response, as without {@code Range}; {@code reason} says why the range was not served. */
  public record Whole(String reason) implements Selection {}

  /** A {@code 206} of bytes {@code first} to {@code last} (inclusive) of {@code length}. */
  public record Part(long first, long last, long length) implements Selection {
    public long size() {
      return last - first + 1;
    }

    public String contentRange() {
      return "bytes " + first + "-" + last + "/" + length;
    }
  }

  /** A {@code 416}: no byte of the {@code length} bytes is in the range. */
  public record Unsatisfiable(long length) implements Selection {
    public String contentRange() {
      return "bytes */" + length;
    }
  }

  public static final Whole NO_RANGE = new Whole("no-range");

  /**
   * The stored response's validators, as If-Range compares them.
   *
   * @param etag the entity-tag clients are sent (quoted, {@code W/} when weak), or empty
   * @param lastModified its {@code Last-Modified}, if valid
   * @param date its {@code Date}, if valid
   */
  public record Stored(String etag, Optional<Instant> lastModified, Optional<Instant> date) {}

  /** What to send for a request with {@code range} and {@code ifRange} (absent: null) of a body of {@code length} bytes. */
  public static Selection select(String method, String range, String ifRange, long length, Stored stored) {
    if (range == null) {
      return NO_RANGE;
    }
    if (!method.equals("GET")) {
      return new Whole("method"); // §14.2: Range is ignored for other methods
    }
    if (ifRange != null && !ifRangeHolds(ifRange.strip(), stored)) {
      return new Whole("if-range");
    }
    String text = range.strip();
    int equals = text.indexOf('=');
    if (equals < 0 || !text.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
      return new Whole("unit");
    }
    List<String> specs = List.of(text.substring(equals + 1).split(",", -1));
    if (specs.size() > 1) {
      return new Whole("multiple"); // a whole 200 instead of multipart/byteranges
    }
    return single(specs.get(0).strip(), length);
  }

  /** One {@code first-last}, {@code first-} or {@code -suffix} against {@code length} bytes. */
  private static Selection single(String spec, long length) {
    Matcher matcher = SPEC.matcher(spec);
    if (!matcher.matches() || (matcher.group(1) == null && matcher.group(2) == null)) {
      return new Whole("syntax");
    }
    if (matcher.group(1) == null) {
      long suffix = Long.parseLong(matcher.group(2));
      // §14.1.3: a suffix longer than the body is the whole body; an empty one selects nothing.
      return suffix == 0 || length == 0 ? new Unsatisfiable(length)
          : new Part(Math.max(0, length - suffix), length - 1, length);
    }
    long first = Long.parseLong(matcher.group(1));
    Optional<Long> last = Optional.ofNullable(matcher.group(2)).map(Long::parseLong);
    if (last.isPresent() && last.get() < first) {
      return new Whole("syntax"); // §14.1.1: an invalid range-spec, ignored
    }
    if (first >= length) {
      return new Unsatisfiable(length);
    }
    return new Part(first, Math.min(last.orElse(length - 1), length - 1), length);
  }

  /** §13.1.5: a strong entity-tag that strongly matches, or a date equal to a strong {@code Last-Modified}. */
  private static boolean ifRangeHolds(String ifRange, Stored stored) {
    if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
      return !ifRange.startsWith("W/") && ifRange.equals(stored.etag());
    }
    Optional<Instant> date = HttpDates.parse(ifRange, stored.date().orElse(Instant.EPOCH));
    // §8.8.2.2: a Last-Modified is strong only if the response was dated at least a second later.
    boolean strong = stored.lastModified().isPresent() && stored.date()
        .map(d -> !d.isBefore(stored.lastModified().get().plusSeconds(1))).orElse(false);
    return strong && date.isPresent() && date.equals(stored.lastModified());
  }
}
