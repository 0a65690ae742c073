package io.github.httpcache.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The directives of a request's or a response's {@code Cache-Control} field lines, read by the
 * RFC 9110 §5.6.1 list rules and the RFC 9111 §5.2 grammar
 * {@code token [ "=" ( token / quoted-string ) ]}, so the policies never look at raw text.
 *
 * <ul>
 *   <li>Names compare case-insensitively. Empty list members and whitespace around commas are
 *       skipped; commas inside a quoted string do not split it.
 *   <li>Every argument may be a token or a quoted string, whose quoted-pairs are unescaped:
 *       §5.2 asks recipients to accept both forms, so {@code max-age="10"} is 10.
 *   <li>A member that breaks the grammar ({@code max-age =10}, {@code max-age= 10},
 *       {@code max-age=}, an unterminated quote) still counts as that directive, with an invalid
 *       argument: {@link #has} stays true, and {@link #deltaSeconds} reports it invalid, which the
 *       freshness rules turn into "stale" (§4.2.1).
 *   <li>Duplicates (§4.2.1 allows "use the first" or "treat as stale"; we pick the conservative
 *       one): a directive repeated with equal values reads as that value; with different values,
 *       or with one invalid occurrence, it reads as invalid.
 *   <li>Qualified {@code no-cache="Set-Cookie"} and {@code private="Set-Cookie"} count as the
 *       unqualified directive: a shared cache may honour them that way (§5.2.2.4, §5.2.2.7), so
 *       {@link #noCache} and {@link #isPrivate} ignore the field list.
 *   <li>Unknown directives are kept, so extensions can be queried, and otherwise ignored (§5.2.3).
 * </ul>
 */
public final class CacheDirectives {
  private final Map<String, List<Argument>> directives;

  private CacheDirectives(Map<String, List<Argument>> directives) {
    this.directives = directives;
  }

  /** Parses every field line (one list element per {@code Cache-Control} line) as one list. */
  public static CacheDirectives parse(List<String> fieldLines) {
    Map<String, List<Argument>> directives = new LinkedHashMap<>();
    for (String line : fieldLines) {
      int i = 0;
      while (i < line.length()) {
        i = parseMember(line, i, directives);
      }
    }
    directives.replaceAll((name, arguments) -> List.copyOf(arguments));
    return new CacheDirectives(Collections.unmodifiableMap(directives));
  }

  /** Whether {@code name} is present, whatever its argument. */
  public boolean has(String name) {
    return directives.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** The lower-case names present, in the order they first appear. */
  public Set<String> names() {
    return directives.keySet();
  }

  /**
   * The {@code delta-seconds} argument of {@code name}: absent, valid, or invalid when an
   * occurrence has no argument, a malformed one, or one that disagrees with another occurrence.
   */
  public DeltaSeconds deltaSeconds(String name) {
    List<Argument> arguments = directives.get(name.toLowerCase(Locale.ROOT));
    if (arguments == null) {
      return DeltaSeconds.absent();
    }
    DeltaSeconds first = null;
    for (Argument argument : arguments) {
      DeltaSeconds value = argument.value() == null
          ? DeltaSeconds.invalid() : DeltaSeconds.parse(argument.value());
      if (value.isInvalid() || (first != null && !first.equals(value))) {
        return DeltaSeconds.invalid();
      }
      first = value;
    }
    return first;
  }

  public boolean noStore() {
    return has("no-store");
  }

  public boolean noCache() {
    return has("no-cache");
  }

  public boolean isPrivate() {
    return has("private");
  }

  public boolean isPublic() {
    return has("public");
  }

  public boolean mustRevalidate() {
    return has("must-revalidate");
  }

  public boolean proxyRevalidate() {
    return has("proxy-revalidate");
  }

  public boolean mustUnderstand() {
    return has("must-understand");
  }

  public boolean onlyIfCached() {
    return has("only-if-cached");
  }

  public DeltaSeconds maxAge() {
    return deltaSeconds("max-age");
  }

  public DeltaSeconds sMaxAge() {
    return deltaSeconds("s-maxage");
  }

  public DeltaSeconds minFresh() {
    return deltaSeconds("min-fresh");
  }

  /**
   * The request's {@code max-stale} (RFC 9111 §5.2.1.2): a bare directive on every occurrence
   * accepts any staleness and reads as {@link DeltaSeconds#UNBOUNDED}; otherwise as
   * {@link #deltaSeconds}, so an invalid value should be taken as "no stale response".
   */
  public DeltaSeconds maxStale() {
    List<Argument> arguments = directives.get("max-stale");
    if (arguments != null && arguments.stream().allMatch(Argument::isBare)) {
      return DeltaSeconds.of(DeltaSeconds.UNBOUNDED);
    }
    return deltaSeconds("max-stale");
  }

  @Override
  public String toString() {
    return "CacheDirectives" + directives;
  }

  /** Reads one list member from {@code start}; returns the index just past its comma. */
  private static int parseMember(String line, int start, Map<String, List<Argument>> out) {
    int i = skipWhitespace(line, start);
    int nameEnd = skipToken(line, i);
    if (nameEnd == i) {
      return nextMember(line, i); // an empty member, or one that is not a directive at all
    }
    String name = line.substring(i, nameEnd).toLowerCase(Locale.ROOT);
    int end;
    Argument argument;
    if (nameEnd < line.length() && line.charAt(nameEnd) == '=') {
      int valueStart = nameEnd + 1;
      if (valueStart < line.length() && line.charAt(valueStart) == '"') {
        StringBuilder value = new StringBuilder();
        end = readQuoted(line, valueStart, value);
        argument = end < 0 ? Argument.MALFORMED : Argument.of(value.toString());
        end = end < 0 ? line.length() : end;
      } else {
        end = skipToken(line, valueStart);
        argument = end == valueStart
            ? Argument.MALFORMED : Argument.of(line.substring(valueStart, end));
      }
    } else {
      end = nameEnd;
      argument = Argument.BARE;
    }
    end = skipWhitespace(line, end);
    if (end < line.length() && line.charAt(end) != ',') {
      argument = Argument.MALFORMED; // e.g. "max-age =10" or "max-age=10 20"
    }
    out.computeIfAbsent(name, n -> new ArrayList<>()).add(argument);
    return nextMember(line, end);
  }

  /**
   * Unescapes the quoted string opening at {@code open} into {@code value}; returns the index after
   * the closing quote, or -1 if there is none.
   */
  private static int readQuoted(String line, int open, StringBuilder value) {
    for (int i = open + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        i++; // a quoted-pair (RFC 9110 §5.6.4) stands for the character after the backslash
        if (i == line.length()) {
          return -1;
        }
        c = line.charAt(i);
      }
      value.append(c);
    }
    return -1;
  }

  /** The index after the next comma outside a quoted string, or the line's length. */
  private static int nextMember(String line, int from) {
    boolean quoted = false;
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        return i + 1;
      }
    }
    return line.length();
  }

  private static int skipWhitespace(String line, int from) {
    int i = from;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static int skipToken(String line, int from) {
    int i = from;
    while (i < line.length() && isTokenChar(line.charAt(i))) {
      i++;
    }
    return i;
  }

  /** {@code tchar} of RFC 9110 §5.6.2. */
  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** One occurrence's argument: none, a value, or text that does not fit the grammar. */
  private record Argument(Kind kind, String value) {
    static final Argument BARE = new Argument(Kind.BARE, null);
    static final Argument MALFORMED = new Argument(Kind.MALFORMED, null);

    static Argument of(String value) {
      return new Argument(Kind.VALUE, value);
    }

    boolean isBare() {
      return kind == Kind.BARE;
    }

    @Override
    public String toString() {
      return kind == Kind.VALUE ? value : kind.name().toLowerCase(Locale.ROOT);
    }
  }

  private enum Kind {
    BARE,
    VALUE,
    MALFORMED
  }
}
