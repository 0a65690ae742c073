package io.github.httpcache.conformance;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.ClientConnector;

/**
 * A reverse proxy as a plain blocking servlet: the request thread sends the request on, waits for
 * the whole response and writes it back, as an application servlet behind the filter would.
 */
final class BlockingForwarder extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final String originBase;
  private transient HttpClient client;

  BlockingForwarder(String originBase) {
    this.originBase = originBase;
  }

  @Override
  public void init() throws ServletException {
    client = ForwardedHeaders.verbatimClient(new ClientConnector());
    client.setFollowRedirects(false);
    client.setUserAgentField(null);
    try {
      client.start();
      // after start, which installs the default handlers and decoders
      client.getContentDecoderFactories().clear(); // bodies pass through as the origin encoded them
      InterimForwarding.install(client);
    } catch (Exception e) {
      throw new ServletException("the forwarder's HTTP client did not start", e);
    }
  }

  @Override
  public void destroy() {
    try {
      client.stop();
    } catch (Exception e) {
      log("the forwarder's HTTP client did not stop", e);
    }
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    ContentResponse answer;
    try {
      answer = outbound(request).send();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.sendError(HttpServletResponse.SC_BAD_GATEWAY);
      return;
    } catch (ExecutionException | TimeoutException e) {
      response.sendError(HttpServletResponse.SC_BAD_GATEWAY);
      return;
    }
    response.setStatus(answer.getStatus());
    ForwardedHeaders.copy(answer.getHeaders(), response);
    byte[] body = answer.getContent();
    if (body.length > 0) {
      response.getOutputStream().write(body);
    }
  }

  private Request outbound(HttpServletRequest request) throws IOException {
    String query = request.getQueryString();
    Request outbound = client.newRequest(originBase + request.getRequestURI() + (query == null ? "" : "?" + query))
        .method(request.getMethod()).timeout(30, TimeUnit.SECONDS)
        .attribute(InterimForwarding.SERVLET_REQUEST, request);
    Set<String> skip = ForwardedHeaders.skipped(Collections.list(request.getHeaders("connection")));
    skip.add("host");
    skip.add("content-length");
    outbound.headers(headers -> {
      for (String name : Collections.list(request.getHeaderNames())) {
        if (!skip.contains(name.toLowerCase(Locale.ROOT))) {
          Collections.list(request.getHeaders(name)).forEach(value -> headers.add(name, value));
        }
      }
    });
    byte[] body = request.getInputStream().readAllBytes();
    if (body.length > 0) {
      outbound.body(new BytesRequestContent(request.getContentType(), body));
    }
    return outbound;
  }
}
