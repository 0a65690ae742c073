package io.github.httpcache.policy;

import io.github.httpcache.config.TargetedFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 9213 targeted cache control: when a response carries a field on this cache's target list
 * ({@code CDN-Cache-Control} by default) with a valid, non-empty value, that field's directives
 * decide for this cache, and its {@code Cache-Control} and {@code Expires} are ignored (§2.2).
 *
 * <ul>
 *   <li>The field is a Structured Fields Dictionary (RFC 8941): a field that does not parse, or is
 *       empty, is ignored as if absent ({@code max-age=10, &&&} falls back to {@code Cache-Control}).
 *   <li>Its directives mean what they mean in {@code Cache-Control}: they are rewritten in that
 *       syntax and read by {@link CacheDirectives}, so every rule of this package applies unchanged.
 *   <li>{@code max-age}, {@code s-maxage}, {@code stale-while-revalidate} and {@code stale-if-error}
 *       need a non-negative Integer; with any other type the directive is ignored. A directive set
 *       to {@code ?0} is off; any other value of a flag ({@code private="x"}) counts as the flag.
 *   <li>The decision is made on header maps by lower-case name; an entry keeps a hidden field as a
 *       pseudo-header line ({@code :cdn-cache-control}), which is never replayed to a client.
 * </ul>
 */
public final class TargetedCacheControl {
  /** Directives whose argument is {@code delta-seconds}. */
  private static final Set<String> NUMERIC = Set.of("max-age", "s-maxage", "stale-while-revalidate", "stale-if-error");

  private TargetedCacheControl() {}

  /** The header view this cache decides on: the targeted directives in place of Cache-Control, no Expires. */
  public static Map<String, List<String>> forThisCache(Map<String, List<String>> headers, TargetedFields targeted) {
    Optional<String> directives = directives(headers, targeted);
    if (directives.isEmpty()) {
      return headers;
    }
    Map<String, List<String>> view = new LinkedHashMap<>(headers);
    view.remove("expires");
    if (directives.get().isEmpty()) {
      view.remove("cache-control");
    } else {
      view.put("cache-control", List.of(directives.get()));
    }
    return view;
  }

  /** §2.2: the first listed field with a valid, non-empty value, as a Cache-Control value; empty when none. */
  public static Optional<String> directives(Map<String, List<String>> headers, TargetedFields targeted) {
    for (String name : targeted.names()) {
      List<String> lines = headers.getOrDefault(name, headers.getOrDefault(pseudoName(name), List.of()));
      Optional<Map<String, StructuredDictionary.Member>> dictionary = StructuredDictionary.parse(lines);
      if (dictionary.isPresent()) {
        return Optional.of(asCacheControl(dictionary.get()));
      }
    }
    return Optional.empty();
  }

  /** The same directives in Cache-Control syntax, minus those whose value has the wrong type. */
  static String asCacheControl(Map<String, StructuredDictionary.Member> dictionary) {
    List<String> directives = new ArrayList<>();
    dictionary.forEach((name, value) -> {
      if (NUMERIC.contains(name)) {
        if (value.isNonNegativeInteger()) {
          directives.add(name + "=" + value.text());
        }
      } else if (!value.isFalse()) {
        directives.add(name);
      }
    });
    return String.join(", ", directives);
  }

  /** Where an entry keeps a field the client must not see: a pseudo-header line, never replayed. */
  public static String pseudoName(String lowerCaseName) {
    return ":" + lowerCaseName;
  }

  /** Header lines about to be stored, the hidden targeted fields moved to their pseudo-header names. */
  public static Map<String, List<String>> asStored(Map<String, List<String>> headers, TargetedFields targeted) {
    Map<String, List<String>> stored = new LinkedHashMap<>(headers);
    for (String name : targeted.hidden()) {
      List<String> lines = stored.remove(name);
      if (lines != null) {
        stored.put(pseudoName(name), lines); // a 304's field replaces the one stored before it
      }
    }
    return stored;
  }
}
