package io.github.httpcache.policy;

import io.github.httpcache.config.CookieRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reads request {@code Cookie} and response {@code Set-Cookie} fields (RFC 6265 §4) as the cookie rules need them. */
public final class Cookies {
  private Cookies() {}

  /** The {@code name=value} pairs of a {@code Cookie} field (several lines joined with {@code ;}), in order. */
  public static List<Map.Entry<String, String>> parse(String cookieField) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    if (cookieField == null) {
      return pairs;
    }
    for (String pair : cookieField.split(";")) {
      int equals = pair.indexOf('=');
      String name = (equals < 0 ? pair : pair.substring(0, equals)).trim();
      if (!name.isEmpty()) {
        pairs.add(Map.entry(name, equals < 0 ? "" : pair.substring(equals + 1).trim()));
      }
    }
    return pairs;
  }

  /**
   * The keyed cookies of a request, as one value: {@code name=value} pairs the rule keys on,
   * sorted by name (a name's values in request order), joined with {@code ; }. Empty when none.
   */
  public static String keyedValue(String cookieField, CookieRule rule) {
    List<Map.Entry<String, String>> keyed = new ArrayList<>();
    for (Map.Entry<String, String> pair : parse(cookieField)) {
      if (rule.keys(pair.getKey())) {
        keyed.add(pair);
      }
    }
    keyed.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
    StringBuilder value = new StringBuilder();
    for (Map.Entry<String, String> pair : keyed) {
      value.append(value.length() == 0 ? "" : "; ").append(pair.getKey()).append('=').append(pair.getValue());
    }
    return value.toString();
  }

  /** The cookie name a {@code Set-Cookie} line sets: the text before its first {@code =}, trimmed. */
  public static String setCookieName(String setCookieLine) {
    int equals = setCookieLine.indexOf('=');
    int semicolon = setCookieLine.indexOf(';');
    int end = equals >= 0 ? equals : semicolon >= 0 ? semicolon : setCookieLine.length();
    return setCookieLine.substring(0, end).trim();
  }

  /** Whether every {@code Set-Cookie} line sets a cookie the rule strips from the stored copy. */
  public static boolean onlyStripped(List<String> setCookieLines, CookieRule rule) {
    for (String line : setCookieLines) {
      if (!rule.strips(setCookieName(line))) {
        return false;
      }
    }
    return true;
  }
}
