package io.github.httpcache.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

/**
 * The request the origin sees while the cache fills or invalidates. It can hide the client's
 * validators (so the origin answers a full 200 the cache can store and then evaluate the
 * condition itself), and it hands an async servlet an {@link AsyncContext} whose
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

  private final ServletResponse response;
  private final Validators validators;
  private final Runnable beforeComplete;
  private AsyncContext asyncContext;

  /**
   * @param response the cache's response wrapper, which {@code startAsync()} hands on, so an async
   *     servlet writing through {@code AsyncContext.getResponse()} still writes through the cache
   * @param beforeComplete runs (once) when the servlet completes its async processing
   */
  public FillRequest(HttpServletRequest request, ServletResponse response, Validators validators,
      Runnable beforeComplete) {
    super(request);
    this.response = response;
    this.validators = validators;
    this.beforeComplete = beforeComplete;
  }

  private boolean hides(String name) {
    return validators == Validators.HIDDEN && VALIDATOR_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public String getHeader(String name) {
    return hides(name) ? null : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return hides(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
  }

  @Override
  public long getDateHeader(String name) {
    return hides(name) ? -1 : super.getDateHeader(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    if (validators == Validators.FORWARDED) {
      return super.getHeaderNames();
    }
    return Collections.enumeration(Collections.list(super.getHeaderNames()).stream().filter(n -> !hides(n)).toList());
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
