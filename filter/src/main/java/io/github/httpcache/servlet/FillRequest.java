package io.github.httpcache.servlet;

import io.github.httpcache.policy.HttpDates;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request the origin sees while the cache fills or invalidates. A fill never shows the origin
 * the client's {@code Accept-Encoding}: the cache answers content coding itself, so a page an
 * application compresses for one client (forgetting {@code Vary: Accept-Encoding}) is never stored
 * and replayed to another that cannot read it. A fill can also hide the client's validators (so
 * the origin answers a full 200 the cache can store and then evaluate the condition itself), and
 * it hands an async servlet an {@link AsyncContext} whose
 * {@code complete()} first lets the cache finish the response: {@link AsyncListener#onComplete}
 * comes too late for that, after the container has closed the response.
 */
public final class FillRequest extends HttpServletRequestWrapper {
  /** Which request headers the origin does not see. */
  public enum Validators {
    FORWARDED,
    HIDDEN
  }

  private static final Set<String> VALIDATOR_HEADERS = Set.of("if-none-match", "if-modified-since");
  private static final String CONTENT_CODING = "accept-encoding";

  private final ServletResponse response;
  private final Validators validators;
  /** With {@link Validators#HIDDEN}: the cache's own validators sent instead, by lower-case name. */
  private final Map<String, String> substitutes;
  private final Runnable beforeComplete;
  /** Whether the origin's answer may be stored: then it never sees {@code Accept-Encoding}. */
  private final boolean fill;
  private AsyncContext asyncContext;

  /**
   * @param response the cache's response wrapper, which {@code startAsync()} hands on, so an async
   *     servlet writing through {@code AsyncContext.getResponse()} still writes through the cache
   * @param beforeComplete runs (once) when the servlet completes its async processing
   */
  public FillRequest(HttpServletRequest request, ServletResponse response, Validators validators,
      Runnable beforeComplete) {
    this(request, response, validators, Map.of(), beforeComplete, true);
  }

  /** A write: the origin sees the request as sent; {@code beforeComplete} as for a fill. */
  public static FillRequest forWrite(HttpServletRequest request, ServletResponse response, Runnable beforeComplete) {
    return new FillRequest(request, response, Validators.FORWARDED, Map.of(), beforeComplete, false);
  }

  /**
   * A revalidation (RFC 9111 §4.3.1): the client's validators hidden, the stored response's
   * ({@code if-none-match}, {@code if-modified-since}, by lower-case name) sent in their place.
   */
  public FillRequest(HttpServletRequest request, ServletResponse response, Map<String, String> storedValidators,
      Runnable beforeComplete) {
    this(request, response, Validators.HIDDEN, storedValidators, beforeComplete, true);
  }

  private FillRequest(HttpServletRequest request, ServletResponse response, Validators validators,
      Map<String, String> substitutes, Runnable beforeComplete, boolean fill) {
    super(request);
    this.response = response;
    this.validators = validators;
    this.substitutes = Map.copyOf(substitutes);
    this.beforeComplete = beforeComplete;
    this.fill = fill;
  }

  private boolean hides(String name) {
    return fill && CONTENT_CODING.equalsIgnoreCase(name)
        || validators == Validators.HIDDEN && VALIDATOR_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  private String substitute(String name) {
    return substitutes.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public String getHeader(String name) {
    return hides(name) ? substitute(name) : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    if (!hides(name)) {
      return super.getHeaders(name);
    }
    String value = substitute(name);
    return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
  }

  @Override
  public long getDateHeader(String name) {
    if (!hides(name)) {
      return super.getDateHeader(name);
    }
    String value = substitute(name);
    return value == null ? -1 : HttpDates.parse(value, Instant.EPOCH).map(Instant::toEpochMilli).orElse(-1L);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    if (validators == Validators.FORWARDED && !fill) {
      return super.getHeaderNames();
    }
    List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()).stream().filter(n -> !hides(n)).toList());
    names.addAll(substitutes.keySet());
    return Collections.enumeration(names);
  }

  @Override
  public AsyncContext startAsync() {
    asyncContext = new FinishingAsyncContext(super.startAsync(this, response), beforeComplete);
    return asyncContext;
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    asyncContext = new FinishingAsyncContext(super.startAsync(request, response), beforeComplete);
    return asyncContext;
  }

  @Override
  public AsyncContext getAsyncContext() {
    return asyncContext != null ? asyncContext : super.getAsyncContext();
  }

  /** Delegates everything, running the cache's finishing step once before {@code complete()}. */
  private static final class FinishingAsyncContext implements AsyncContext {
    private final AsyncContext delegate;
    private final Runnable beforeComplete;

    FinishingAsyncContext(AsyncContext delegate, Runnable beforeComplete) {
      this.delegate = delegate;
      this.beforeComplete = beforeComplete;
    }

    @Override
    public void complete() {
      try {
        beforeComplete.run();
      } finally {
        delegate.complete();
      }
    }

    @Override
    public ServletRequest getRequest() {
      return delegate.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
      return delegate.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
      return delegate.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
      delegate.dispatch();
    }

    @Override
    public void dispatch(String path) {
      delegate.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext context, String path) {
      delegate.dispatch(context, path);
    }

    @Override
    public void addListener(AsyncListener listener) {
      delegate.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
      delegate.addListener(listener, request, response);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
      return delegate.createListener(type);
    }

    @Override
    public void setTimeout(long timeout) {
      delegate.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
      return delegate.getTimeout();
    }

    @Override
    public void start(Runnable run) {
      delegate.start(run);
    }
  }
}
