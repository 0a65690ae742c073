package io.github.httpcache.conformance;

import jakarta.servlet.http.HttpServletResponse;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.ClientConnector;

/** What a forwarding proxy passes on of a message's header fields: all but the hop-by-hop ones, verbatim. */
final class ForwardedHeaders {
  /** RFC 9110 §7.6.1: these belong to one connection, not to the message. */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

  private ForwardedHeaders() {}

  /** An HTTP/1.1 client that reads each field value as sent. */
  static HttpClient verbatimClient(ClientConnector connector) {
    HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
    // Jetty's header cache matches values case-insensitively: "max-age=1" came back as an earlier "MaX-aGe=1".
    transport.setHeaderCacheCaseSensitive(true);
    return new HttpClient(transport);
  }

  /** Lower-case names not to forward: the hop-by-hop fields and those the {@code Connection} lines name. */
  static Set<String> skipped(Iterable<String> connectionLines) {
    Set<String> skip = new HashSet<>(HOP_BY_HOP);
    for (String line : connectionLines) {
      for (String option : line.split(",")) {
        skip.add(option.trim().toLowerCase(Locale.ROOT));
      }
    }
    return skip;
  }

  /** Copies the origin's response fields as sent, each line as one header line. */
  static void copy(HttpFields origin, HttpServletResponse response) {
    Set<String> skip = skipped(origin.getValuesList("connection"));
    Set<String> seen = new HashSet<>();
    for (HttpField field : origin) {
      String name = field.getName().toLowerCase(Locale.ROOT);
      if (skip.contains(name)) {
        continue;
      }
      // the first line replaces what the container set itself (Date); later lines add to it
      if (seen.add(name)) {
        response.setHeader(field.getName(), field.getValue());
      } else {
        response.addHeader(field.getName(), field.getValue());
      }
    }
  }
}
