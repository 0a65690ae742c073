package io.github.httpcache.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.security.Principal;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;

/**
 * The request as the application reads it during a fill, recording which of its inputs it read
 * ({@link InputsRead}); the answers are the request's own. Scheme, host, port and path are not
 * recorded: the key holds them. Validators are not either: the cache answers them itself.
 */
public final class ObservedRequest extends HttpServletRequestWrapper {
  private final InputsRead inputs;

  public ObservedRequest(HttpServletRequest request, InputsRead inputs) {
    super(request);
    this.inputs = inputs;
  }

  /**
   * {@code request} as the application will read it for a fill: observed, unless it goes to the
   * container's own static-file servlet (named {@code default} in Jetty and Tomcat), whose files
   * depend only on the path and the headers the cache answers itself, and which in Jetty copies
   * every request header into its own request object, read or not.
   */
  public static HttpServletRequest forFill(HttpServletRequest request, InputsRead inputs) {
    jakarta.servlet.http.HttpServletMapping mapping = request.getHttpServletMapping();
    boolean staticFiles = mapping != null && "default".equals(mapping.getServletName());
    return staticFiles ? request : new ObservedRequest(request, inputs);
  }

  private void header(String name) {
    if (name != null && super.getHeader(name) != null && !(name.equalsIgnoreCase("host") && hostIsResolved())
        && !connectionOption(name)) {
      inputs.header(name);
    }
  }

  /** A header the request's {@code Connection} lists (such as {@code HTTP2-Settings}) is about this hop only (RFC 9110 §7.6.1). */
  private boolean connectionOption(String name) {
    String connection = super.getHeader("connection");
    if (connection == null) {
      return false;
    }
    for (String option : connection.split(",")) {
      if (option.trim().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the Host header names the origin the container resolved (which keys the entry), port included. */
  private boolean hostIsResolved() {
    String host = super.getHeader("host").trim().toLowerCase(Locale.ROOT);
    String server = super.getServerName().toLowerCase(Locale.ROOT);
    int port = super.getServerPort();
    boolean defaultPort = port == ("https".equalsIgnoreCase(super.getScheme()) ? 443 : 80);
    return host.equals(server + ":" + port) || defaultPort && host.equals(server);
  }

  private void input(String name, boolean carried) {
    if (carried) {
      inputs.input(name);
    }
  }

  @Override
  public String getHeader(String name) {
    header(name);
    return super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    header(name);
    return super.getHeaders(name);
  }

  @Override
  public long getDateHeader(String name) {
    header(name);
    return super.getDateHeader(name);
  }

  @Override
  public int getIntHeader(String name) {
    header(name);
    return super.getIntHeader(name);
  }

  @Override
  public Locale getLocale() {
    header("accept-language");
    return super.getLocale();
  }

  @Override
  public Enumeration<Locale> getLocales() {
    header("accept-language");
    return super.getLocales();
  }

  @Override
  public String getContentType() {
    header("content-type");
    return super.getContentType();
  }

  @Override
  public String getCharacterEncoding() {
    header("content-type");
    return super.getCharacterEncoding();
  }

  @Override
  public Cookie[] getCookies() {
    Cookie[] cookies = super.getCookies();
    input(InputsRead.COOKIE, cookies != null && cookies.length > 0);
    return cookies;
  }

  /** A session the request brought is one client's state; one created now is empty, so it shapes nothing. */
  @Override
  public HttpSession getSession(boolean create) {
    HttpSession session = super.getSession(create);
    input(InputsRead.SESSION, session != null && !session.isNew());
    return session;
  }

  @Override
  public HttpSession getSession() {
    return getSession(true);
  }

  @Override
  public String getRequestedSessionId() {
    String id = super.getRequestedSessionId();
    input(InputsRead.SESSION, id != null);
    return id;
  }

  @Override
  public Principal getUserPrincipal() {
    Principal principal = super.getUserPrincipal();
    input(InputsRead.PRINCIPAL, principal != null);
    return principal;
  }

  @Override
  public String getRemoteUser() {
    String user = super.getRemoteUser();
    input(InputsRead.PRINCIPAL, user != null);
    return user;
  }

  @Override
  public boolean isUserInRole(String role) {
    boolean inRole = super.isUserInRole(role);
    input(InputsRead.PRINCIPAL, inRole || super.getUserPrincipal() != null);
    return inRole;
  }

  @Override
  public String getAuthType() {
    String type = super.getAuthType();
    input(InputsRead.PRINCIPAL, type != null);
    return type;
  }

  private boolean carriesBody() {
    return super.getContentLengthLong() > 0 || super.getHeader("transfer-encoding") != null;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    input(InputsRead.BODY, carriesBody());
    return super.getInputStream();
  }

  @Override
  public BufferedReader getReader() throws IOException {
    input(InputsRead.BODY, carriesBody());
    return super.getReader();
  }

  @Override
  public Collection<Part> getParts() throws IOException, ServletException {
    input(InputsRead.BODY, carriesBody());
    return super.getParts();
  }

  @Override
  public Part getPart(String name) throws IOException, ServletException {
    input(InputsRead.BODY, carriesBody());
    return super.getPart(name);
  }

  @Override
  public String getParameter(String name) {
    String value = super.getParameter(name);
    if (value != null) {
      inputs.parameter(name);
    }
    return value;
  }

  @Override
  public String[] getParameterValues(String name) {
    String[] values = super.getParameterValues(name);
    if (values != null) {
      inputs.parameter(name);
    }
    return values;
  }

  @Override
  public Enumeration<String> getParameterNames() {
    Enumeration<String> names = super.getParameterNames();
    input(InputsRead.ALL_PARAMETERS, names.hasMoreElements());
    return super.getParameterNames();
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    Map<String, String[]> map = super.getParameterMap();
    input(InputsRead.ALL_PARAMETERS, !map.isEmpty());
    return map;
  }

  @Override
  public String getQueryString() {
    String query = super.getQueryString();
    input(InputsRead.ALL_PARAMETERS, query != null && !query.isEmpty());
    return query;
  }

  @Override
  public String getRemoteAddr() {
    inputs.input(InputsRead.REMOTE_ADDRESS);
    return super.getRemoteAddr();
  }

  @Override
  public String getRemoteHost() {
    inputs.input(InputsRead.REMOTE_ADDRESS);
    return super.getRemoteHost();
  }

  @Override
  public int getRemotePort() {
    inputs.input(InputsRead.REMOTE_ADDRESS);
    return super.getRemotePort();
  }
}
