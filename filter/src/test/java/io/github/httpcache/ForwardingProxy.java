package io.github.httpcache;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;

/** Jetty's (async) ProxyServlet forwarding every request to one origin, as a reverse proxy would. */
final class ForwardingProxy extends ProxyServlet {
  private static final long serialVersionUID = 1L;

  private final String originBase;

  ForwardingProxy(String originBase) {
    this.originBase = originBase;
  }

  @Override
  protected String rewriteTarget(HttpServletRequest request) {
    String query = request.getQueryString();
    return originBase + request.getRequestURI() + (query == null ? "" : "?" + query);
  }
}
