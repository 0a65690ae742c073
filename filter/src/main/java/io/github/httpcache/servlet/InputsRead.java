package io.github.httpcache.servlet;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request inputs an application read while it rendered a response for the cache, as names:
 * a header by its lower-case name, {@code cookie}, {@code session} (an existing one),
 * {@code principal}, {@code body}, {@code remote-address}, and {@code ?name} for a query
 * parameter ({@code ?*} for all of them). Only inputs the request actually carried count: a page
 * that looked for {@code X-Forwarded-Host} and found none rendered what every such request gets.
 */
public final class InputsRead {
  public static final String COOKIE = "cookie";
  public static final String SESSION = "session";
  public static final String PRINCIPAL = "principal";
  public static final String BODY = "body";
  public static final String REMOTE_ADDRESS = "remote-address";
  public static final String ALL_PARAMETERS = "?*";

  private final Set<String> inputs = ConcurrentHashMap.newKeySet();

  void header(String name) {
    inputs.add(name.toLowerCase(Locale.ROOT));
  }

  void input(String name) {
    inputs.add(name);
  }

  void parameter(String name) {
    inputs.add("?" + name);
  }

  /** What was read so far, sorted. */
  public Set<String> names() {
    return new TreeSet<>(inputs);
  }
}
