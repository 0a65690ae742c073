package io.github.httpcache.policy;

import io.github.httpcache.config.CookieRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What selects an entry besides its logical key and the origin's {@code Vary}: the request's
 * origin (scheme, host, port) always, and the keyed cookies on a {@code cookies = key:…} route.
 * An entry records the values it was filled for as pseudo-header lines ({@code :origin},
 * {@code :cookies}: no real field name starts with a colon), and is served only to a request with
 * the same values. Two values meeting under one key become variant dimensions, like {@code Vary},
 * so invalidating the logical key still reaches every host's and every cookie's entry.
 */
public record VariantDimensions(Map<String, String> values) {
  public static final String ORIGIN = ":origin";
  public static final String COOKIES = ":cookies";
  /** Every dimension, sorted: a variant index lists them in a stable order. */
  private static final List<String> IN_ORDER = List.of(COOKIES, ORIGIN);

  public VariantDimensions {
    values = Map.copyOf(values);
  }

  /** The dimensions of a request on a route with this cookie rule. */
  public static VariantDimensions of(RequestFacts request, CookieRule cookies) {
    String origin = request.origin().key();
    if (cookies.mode() != CookieRule.Mode.KEY) {
      return new VariantDimensions(Map.of(ORIGIN, origin));
    }
    return new VariantDimensions(Map.of(ORIGIN, origin,
        COOKIES, Cookies.keyedValue(request.header("cookie").orElse(null), cookies)));
  }

  /** Whether {@code name} is one of ours rather than a request header. */
  public static boolean isDimension(String name) {
    return name.startsWith(":");
  }

  /** The request's value of a dimension, empty when this request has no such dimension. */
  public String value(String name) {
    return values.getOrDefault(name, "");
  }

  /**
   * The dimensions whose value an entry recorded differently (or not at all): the entry is not
   * this request's, and these must select variants when this request's response is stored.
   */
  public List<String> mismatched(Function<String, Optional<String>> recorded) {
    List<String> differing = new ArrayList<>();
    for (String name : IN_ORDER) {
      String value = values.get(name);
      if (value != null && !recorded.apply(name).map(value::equals).orElse(false)) {
        differing.add(name);
      }
    }
    return differing;
  }

  /** One string naming these values, for keying in-process state such as a coalesced fill. */
  public String signature() {
    return new TreeMap<>(values).toString();
  }
}
