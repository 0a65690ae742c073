package io.github.httpcache.servlet;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the fields the origin sets for the cache alone from the client: its tag header, and the
 * targeted cache-control fields (RFC 9213 {@code CDN-Cache-Control}) unless they are forwarded.
 * Their values stay here for the cache: for a response passed through unstored, and, as
 * {@link BufferingResponseWrapper}, for one that may be stored.
 */
public class TagHidingResponse extends HttpServletResponseWrapper {
  private final String tagHeader;
  private final Set<String> cacheOnly;
  /** Held values by lower-case name, in the order set. */
  private final Map<String, List<String>> held = new LinkedHashMap<>(2);

  public TagHidingResponse(HttpServletResponse response, String tagHeader) {
    this(response, tagHeader, Set.of());
  }

  /** @param cacheOnly lower-case names of further fields held back from the client (the targeted fields) */
  public TagHidingResponse(HttpServletResponse response, String tagHeader, Set<String> cacheOnly) {
    super(response);
    this.tagHeader = tagHeader.toLowerCase(Locale.ROOT);
    this.cacheOnly = Set.copyOf(cacheOnly);
  }

  /** The lower-case name under which {@code name} is held back, or null when it reaches the client. */
  private String heldName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.equals(tagHeader) || cacheOnly.contains(lower) ? lower : null;
  }

  @Override
  public void setHeader(String name, String value) {
    String held = heldName(name);
    if (held == null) {
      super.setHeader(name, value);
      return;
    }
    this.held.remove(held);
    if (value != null) {
      this.held.computeIfAbsent(held, n -> new ArrayList<>(1)).add(value);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    String held = heldName(name);
    if (held == null) {
      super.addHeader(name, value);
    } else if (value != null) {
      this.held.computeIfAbsent(held, n -> new ArrayList<>(1)).add(value);
    }
  }

  /** The values the origin gave the tag header, in order. */
  public List<String> tagHeaderValues() {
    return List.copyOf(held.getOrDefault(tagHeader, List.of()));
  }

  /** The other held fields (the targeted ones) by lower-case name: for the cache's decisions and its entry. */
  public Map<String, List<String>> cacheOnlyFields() {
    Map<String, List<String>> fields = new LinkedHashMap<>(held);
    fields.remove(tagHeader);
    return fields;
  }
}
