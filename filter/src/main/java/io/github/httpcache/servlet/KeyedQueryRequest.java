package io.github.httpcache.servlet;

import io.github.httpcache.config.Route;
import io.github.httpcache.key.CacheKeys;
import io.github.httpcache.key.QueryParameter;
import io.github.httpcache.key.QueryString;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The request an application sees while it renders a response for a route with a query allow-list:
 * only the parameters the key holds, so {@code ?q=1&callback=evil} cannot store a body shaped by
 * {@code callback} under the key of {@code ?q=1}. {@code nocache} is never in a key, so it is hidden too.
 *
 * <p>Parameters are read from the query string alone, decoded as the key decodes them, so what the
 * application reads is a function of the key; a GET that fills the cache carries no form body.
 */
public final class KeyedQueryRequest extends HttpServletRequestWrapper {
  /** The kept pairs as sent, joined in request order; null when none is kept, as for no query. */
  private final String queryString;
  /** Decoded values by decoded name, names in order of first appearance. */
  private final Map<String, List<String>> parameters;

  /** Hides every query parameter of {@code request} whose name is not in {@code allowed}, and {@code nocache}. */
  public KeyedQueryRequest(HttpServletRequest request, Set<String> allowed) {
    super(request);
    List<QueryParameter> kept = CacheKeys.keyed(QueryString.parse(request.getQueryString()), Optional.of(allowed));
    this.queryString = kept.isEmpty() ? null : kept.stream().map(QueryParameter::raw).collect(Collectors.joining("&"));
    this.parameters = valuesByName(kept);
  }

  /** {@code request} as the application may see it on {@code route}: itself when the route keys every parameter. */
  public static HttpServletRequest hidingUnkeyed(HttpServletRequest request, Route route) {
    return route.queryParameters().<HttpServletRequest>map(allowed -> new KeyedQueryRequest(request, allowed))
        .orElse(request);
  }

  private static Map<String, List<String>> valuesByName(List<QueryParameter> kept) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (QueryParameter parameter : kept) {
      values.computeIfAbsent(parameter.name(), name -> new ArrayList<>(1)).add(parameter.value());
    }
    return values;
  }

  @Override
  public String getQueryString() {
    return queryString;
  }

  @Override
  public String getParameter(String name) {
    List<String> values = parameters.get(name);
    return values == null ? null : values.get(0);
  }

  @Override
  public String[] getParameterValues(String name) {
    List<String> values = parameters.get(name);
    return values == null ? null : values.toArray(String[]::new);
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(parameters.keySet());
  }

  /** A fresh copy each call, so an application writing into an array cannot change what later calls see. */
  @Override
  public Map<String, String[]> getParameterMap() {
    Map<String, String[]> map = new LinkedHashMap<>();
    parameters.forEach((name, values) -> map.put(name, values.toArray(String[]::new)));
    return Collections.unmodifiableMap(map);
  }
}
