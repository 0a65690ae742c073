package io.github.httpcache.conformance;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.io.ClientConnector;

/** Jetty's async ProxyServlet forwarding every request to one origin, as a reverse proxy would. */
final class AsyncProxyForwarder extends ProxyServlet {
  private static final long serialVersionUID = 1L;

  private final String originBase;

  AsyncProxyForwarder(String originBase) {
    this.originBase = originBase;
  }

  @Override
  protected HttpClient newHttpClient(ClientConnector connector) {
    return ForwardedHeaders.verbatimClient(connector);
  }

  @Override
  protected HttpClient createHttpClient() throws ServletException {
    HttpClient client = super.createHttpClient();
    InterimForwarding.install(client); // ProxyServlet keeps only 100 Continue, which drops 102 and 103
    return client;
  }

  @Override
  protected void sendProxyRequest(HttpServletRequest request, HttpServletResponse response, Request proxyRequest) {
    proxyRequest.attribute(InterimForwarding.SERVLET_REQUEST, request);
    super.sendProxyRequest(request, response, proxyRequest);
  }

  /** ProxyServlet rejoins each value from its parsed list ("1; mode=block" becomes "1;mode=block") and keeps what Connection names. */
  @Override
  protected void onServerResponseHeaders(HttpServletRequest request, HttpServletResponse response,
      Response serverResponse) {
    ForwardedHeaders.copy(serverResponse.getHeaders(), response);
  }

  @Override
  protected String rewriteTarget(HttpServletRequest request) {
    String query = request.getQueryString();
    return originBase + request.getRequestURI() + (query == null ? "" : "?" + query);
  }
}
