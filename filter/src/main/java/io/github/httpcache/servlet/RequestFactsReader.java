package io.github.httpcache.servlet;

import io.github.httpcache.config.Route;
import io.github.httpcache.config.UserSource;
import io.github.httpcache.key.QueryString;
import io.github.httpcache.policy.RequestFacts;
import io.github.httpcache.policy.RequestOrigin;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.Principal;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the {@link RequestFacts} the policies need from a servlet request. */
public final class RequestFactsReader {
  private static final Set<String> READ_HEADERS = Set.of("authorization", "if-none-match", "if-modified-since",
      "accept-encoding", "range", "if-range", "content-length", "transfer-encoding");

  /** Nearly every request of an application names the same origin: its key is built once, not per request. */
  private static volatile RequestOrigin lastOrigin;

  private RequestFactsReader() {}

  /**
   * The facts of a request on {@code route}, with its user when the route is per-user.
   *
   * @param path the request's {@link #path}, as the route table matched it
   */
  public static RequestFacts read(HttpServletRequest request, Route route, String path) {
    Map<String, String> headers = new HashMap<>(8);
    boolean cookie = false;
    // One pass over the names the request has, rather than a lookup (a scan of its fields) per name we read.
    for (Enumeration<String> names = request.getHeaderNames(); names != null && names.hasMoreElements(); ) {
      String name = names.nextElement().toLowerCase(Locale.ROOT);
      if (READ_HEADERS.contains(name)) {
        headers.putIfAbsent(name, request.getHeader(name));
      }
      cookie |= name.equals("cookie");
    }
    if (cookie) {
      cookies(request).ifPresent(cookies -> headers.put("cookie", cookies));
    }
    return new RequestFacts(request.getMethod(), path, QueryString.parse(request.getQueryString()), headers,
        route.perUser().flatMap(source -> user(request, source)), origin(request),
        spelledAsKeyed(request.getRequestURI(), request.getContextPath(), path));
  }

  /** Every {@code Cookie} line joined, as HTTP/2 may split one across several (RFC 9113 §8.2.3). */
  private static Optional<String> cookies(HttpServletRequest request) {
    Enumeration<String> lines = request.getHeaders("cookie");
    if (lines == null || !lines.hasMoreElements()) {
      return Optional.empty();
    }
    String first = lines.nextElement();
    if (!lines.hasMoreElements()) {
      return Optional.of(first);
    }
    StringBuilder joined = new StringBuilder(first);
    while (lines.hasMoreElements()) {
      joined.append("; ").append(lines.nextElement());
    }
    return Optional.of(joined.toString());
  }

  /** As the container resolved it, so after Jetty's or Tomcat's forwarded-header handling too. */
  public static RequestOrigin origin(HttpServletRequest request) {
    String scheme = request.getScheme();
    String name = request.getServerName();
    String host = name == null ? "" : name;
    int port = request.getServerPort();
    RequestOrigin last = lastOrigin;
    if (last != null && last.isSpelled(scheme, host, port)) {
      return last;
    }
    RequestOrigin origin = new RequestOrigin(scheme, host, port);
    lastOrigin = origin;
    return origin;
  }

  private static Optional<String> user(HttpServletRequest request, UserSource source) {
    if (source.kind() == UserSource.Kind.PRINCIPAL) {
      Principal principal = request.getUserPrincipal();
      return Optional.ofNullable(principal).map(Principal::getName).filter(name -> !name.isEmpty());
    }
    return Optional.ofNullable(request.getHeader(source.headerName().orElseThrow())).filter(value -> !value.isBlank());
  }

  /**
   * Whether {@code rawUri} (as sent, not decoded) is {@code contextPath} and {@code path} (decoded,
   * normalised), its escapes aside: a path parameter, a dot segment or a doubled slash the container
   * removed, or a character no URI may hold raw, is not.
   */
  static boolean spelledAsKeyed(String rawUri, String contextPath, String path) {
    String context = contextPath == null ? "" : contextPath;
    if (rawUri == null) {
      return false;
    }
    if (rawUri.indexOf('%') < 0 && context.indexOf('%') < 0) {
      return rawUri.length() == context.length() + path.length() && rawUri.startsWith(context)
          && rawUri.startsWith(path, context.length());
    }
    try {
      return new URI(rawUri).getPath().equals(new URI(context).getPath() + path);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * The decoded, normalised, context-relative path the container resolved: servlet path plus
   * path info. Never the raw URI, so {@code ..}, {@code ;params} and {@code %2e} cannot alias keys.
   */
  public static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }
}
