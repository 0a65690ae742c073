package io.github.httpcache.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A response that reaches no client: status and headers are kept, the body is dropped. It is
 * what the origin writes into when the cache refreshes a stale entry after the client already
 * has its answer ({@code stale-while-revalidate}); the cache's wrapper captures the body.
 */
public final class DetachedResponse implements HttpServletResponse {
  private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private int status = SC_OK;
  private String characterEncoding = StandardCharsets.ISO_8859_1.name();
  private String contentType;
  private Locale locale = Locale.getDefault();
  private int bufferSize = 8192;

  private static final ServletOutputStream NOWHERE = new ServletOutputStream() {
    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] bytes, int offset, int length) {}

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      throw new IllegalStateException("a detached response has no client to write to asynchronously");
    }
  };

  @Override
  public void addCookie(Cookie cookie) {
    addHeader("Set-Cookie", cookie.getName() + "=" + cookie.getValue());
  }

  @Override
  public boolean containsHeader(String name) {
    return headers.containsKey(name);
  }

  @Override
  public String encodeURL(String url) {
    return url;
  }

  @Override
  public String encodeRedirectURL(String url) {
    return url;
  }

  @Override
  public void sendError(int code, String message) {
    status = code;
  }

  @Override
  public void sendError(int code) {
    status = code;
  }

  @Override
  public void sendRedirect(String location) {
    status = SC_FOUND;
    setHeader("Location", location);
  }

  @Override
  public void setDateHeader(String name, long date) {
    setHeader(name, httpDate(date));
  }

  @Override
  public void addDateHeader(String name, long date) {
    addHeader(name, httpDate(date));
  }

  private static String httpDate(long millis) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC));
  }

  @Override
  public void setHeader(String name, String value) {
    if (name.equalsIgnoreCase("Content-Type")) {
      setContentType(value);
    } else if (value == null) {
      headers.remove(name);
    } else {
      List<String> values = new ArrayList<>(1);
      values.add(value);
      headers.put(name, values);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (name.equalsIgnoreCase("Content-Type")) {
      setContentType(value);
    } else if (value != null) {
      headers.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
    }
  }

  @Override
  public void setIntHeader(String name, int value) {
    setHeader(name, Integer.toString(value));
  }

  @Override
  public void addIntHeader(String name, int value) {
    addHeader(name, Integer.toString(value));
  }

  @Override
  public void setStatus(int code) {
    status = code;
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public String getHeader(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public Collection<String> getHeaders(String name) {
    return List.copyOf(headers.getOrDefault(name, List.of()));
  }

  @Override
  public Collection<String> getHeaderNames() {
    return List.copyOf(headers.keySet());
  }

  @Override
  public String getCharacterEncoding() {
    return characterEncoding;
  }

  @Override
  public String getContentType() {
    return contentType;
  }

  @Override
  public ServletOutputStream getOutputStream() {
    return NOWHERE;
  }

  @Override
  public PrintWriter getWriter() {
    return new PrintWriter(Writer.nullWriter());
  }

  @Override
  public void setCharacterEncoding(String encoding) {
    if (encoding != null) {
      characterEncoding = encoding;
    }
  }

  @Override
  public void setContentLength(int length) {
    setHeader("Content-Length", Integer.toString(length));
  }

  @Override
  public void setContentLengthLong(long length) {
    setHeader("Content-Length", Long.toString(length));
  }

  @Override
  public void setContentType(String type) {
    contentType = type;
  }

  @Override
  public void setBufferSize(int size) {
    bufferSize = size;
  }

  @Override
  public int getBufferSize() {
    return bufferSize;
  }

  @Override
  public void flushBuffer() {}

  @Override
  public void resetBuffer() {}

  @Override
  public boolean isCommitted() {
    return false;
  }

  @Override
  public void reset() {
    headers.clear();
    status = SC_OK;
    contentType = null;
  }

  @Override
  public void setLocale(Locale locale) {
    this.locale = locale;
  }

  @Override
  public Locale getLocale() {
    return locale;
  }
}
