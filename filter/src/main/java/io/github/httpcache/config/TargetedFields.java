package io.github.httpcache.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * RFC 9213 targeted cache-control fields this cache obeys ({@code cache.targeted-fields}), in
 * precedence order, and whether clients see them ({@code cache.forward-targeted-fields}).
 *
 * @param names lower-case field names, first match wins; empty when the cache obeys none
 * @param forward whether the fields reach the client (and downstream caches); by default they are
 *     the cache's alone, like its tag header
 */
public record TargetedFields(List<String> names, boolean forward) {
  public static final TargetedFields DEFAULT = new TargetedFields(List.of("cdn-cache-control"), false);

  public TargetedFields {
    names = List.copyOf(names);
  }

  /** The lower-case names held back from the client: the listed fields, unless they are forwarded. */
  public Set<String> hidden() {
    return forward ? Set.of() : Set.copyOf(names);
  }

  /** {@code none}, or comma-separated header names such as {@code My-Cache-Control, CDN-Cache-Control}. */
  static List<String> names(String key, String value) {
    if (value.trim().equals("none")) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String name : value.split(",", -1)) {
      String trimmed = name.trim();
      if (!trimmed.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || trimmed.equalsIgnoreCase("cache-control")) {
        throw ConfigException.of(key, value, "expected header names such as CDN-Cache-Control, in precedence order, or none");
      }
      names.add(trimmed.toLowerCase(Locale.ROOT));
    }
    return names;
  }

  @Override
  public String toString() {
    return equals(DEFAULT) ? "" : " targeted-fields " + (names.isEmpty() ? "none" : String.join(", ", names))
        + (forward ? " forwarded" : "");
  }
}
