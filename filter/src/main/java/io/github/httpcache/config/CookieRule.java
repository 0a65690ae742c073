package io.github.httpcache.config;

import io.github.httpcache.key.Globs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a route says about cookies ({@code route.<name>.cookies} and {@code .strip-set-cookie}).
 * A route that says nothing bypasses the cache for any request carrying {@code Cookie}: a shared
 * cache cannot know whether the page was personalised by it.
 *
 * @param mode how a request's {@code Cookie} header is treated
 * @param keyed with {@link Mode#KEY}, the cookie names (globs such as {@code _ga*}) whose values key the entry
 * @param stripped {@code Set-Cookie} names (globs) removed from the stored copy; the filling client still gets them
 */
public record CookieRule(Mode mode, List<String> keyed, List<String> stripped) {
  /** The three ways a route can treat a request's cookies. */
  public enum Mode {
    /** Undeclared: a request with cookies neither reads nor writes the shared entry. */
    BYPASS,
    /** The body does not depend on cookies: they are ignored. */
    IGNORE,
    /** The named cookies' values are a key dimension; others are ignored. */
    KEY
  }

  public static final CookieRule UNDECLARED = new CookieRule(Mode.BYPASS, List.of(), List.of());

  private static final Pattern NAME_GLOB = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~?\\[\\]-]+");

  public CookieRule {
    keyed = List.copyOf(keyed);
    stripped = List.copyOf(stripped);
  }

  /** Whether {@code cookieName} is one of the keyed cookies. */
  public boolean keys(String cookieName) {
    return matchesAny(keyed, cookieName);
  }

  /** Whether a {@code Set-Cookie} for {@code cookieName} is left out of the stored copy. */
  public boolean strips(String cookieName) {
    return matchesAny(stripped, cookieName);
  }

  /** The globs as one regex, compiled once per rule: {@link #keys} runs on every lookup of a keyed route. */
  private static final java.util.Map<List<String>, Pattern> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

  private static boolean matchesAny(List<String> globs, String name) {
    if (globs.isEmpty()) {
      return false;
    }
    Pattern any = COMPILED.computeIfAbsent(globs, g -> Pattern.compile(String.join("|",
        g.stream().map(glob -> "(?:" + Globs.toRegex(glob).pattern() + ")").toList()), Pattern.DOTALL));
    return any.matcher(name).matches();
  }

  /** {@code bypass}, {@code ignore} or {@code key:NAME[,NAME…]}, for config entry {@code key}. */
  static CookieRule parse(String key, String value, List<String> stripped) {
    String trimmed = value == null ? "bypass" : value.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.equals("bypass")) {
      return new CookieRule(Mode.BYPASS, List.of(), stripped);
    }
    if (lower.equals("ignore")) {
      return new CookieRule(Mode.IGNORE, List.of(), stripped);
    }
    if (lower.startsWith("key:")) {
      List<String> names = names(key, trimmed, trimmed.substring(4));
      if (!names.isEmpty()) {
        return new CookieRule(Mode.KEY, names, stripped);
      }
    }
    throw ConfigException.of(key, trimmed,
        "expected bypass (the default), ignore (the body does not depend on cookies) or key:NAME[,NAME…] such as key:lang,_ga*");
  }

  /** Comma-separated cookie names or globs, for config entry {@code key}. */
  static List<String> names(String key, String value, String list) {
    List<String> names = new ArrayList<>();
    for (String name : list.split(",")) {
      String trimmed = name.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!NAME_GLOB.matcher(trimmed).matches()) {
        throw ConfigException.of(key, value, "\"" + trimmed + "\" is not a cookie name or glob such as JSESSIONID or _ga*");
      }
      names.add(trimmed);
    }
    return names;
  }

  @Override
  public String toString() {
    return switch (mode) {
      case BYPASS -> "";
      case IGNORE -> " cookies ignore";
      case KEY -> " cookies key:" + String.join(",", keyed);
    } + (stripped.isEmpty() ? "" : " strip-set-cookie " + String.join(",", stripped));
  }
}
