package io.github.httpcache.conformance;

import jakarta.servlet.ServletRequest;
import org.eclipse.jetty.client.EarlyHintsProtocolHandler;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProcessingProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpFields;

/**
 * Passes the origin's 102 and 103 interim responses on to the client, as a forwarding proxy
 * should. Servlet 6.0 has no API for them and ProxyServlet's client drops them, so this uses
 * Jetty's core response; the cache filter never sees them, which is why it cannot store them.
 */
final class InterimForwarding {
  /** The attribute of the outbound request that holds the servlet request it forwards. */
  static final String SERVLET_REQUEST = InterimForwarding.class.getName() + ".request";

  private InterimForwarding() {}

  static void install(HttpClient client) {
    client.getProtocolHandlers().put(new ProcessingProtocolHandler() {
      @Override
      protected void onProcessing(Request request, HttpFields fields) {
        forward(request, 102, fields);
      }
    });
    client.getProtocolHandlers().put(new EarlyHintsProtocolHandler() {
      @Override
      protected void onEarlyHints(Request request, HttpFields fields) {
        forward(request, 103, fields);
      }
    });
  }

  private static void forward(Request outbound, int status, HttpFields fields) {
    if (outbound.getAttributes().get(SERVLET_REQUEST) instanceof ServletRequest request) {
      ServletContextRequest.getServletContextRequest(request).getServletContextResponse()
          .writeInterim(status, fields == null ? HttpFields.EMPTY : fields);
    }
  }
}
