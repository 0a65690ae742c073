package io.github.httpcache;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request over a plain socket, for what java.net.http will not send: a chosen
 * {@code Host} header, or a malformed query string. Bodies are read as sent (no chunked decoding).
 */
final class RawHttp {
  record Response(int status, String body) {}

  private RawHttp() {}

  static Response send(int port, String method, String pathAndQuery, String host) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((method + " " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int bodyStart = response.indexOf("\r\n\r\n");
      return new Response(Integer.parseInt(response.substring(9, 12)), response.substring(bodyStart + 4));
    }
  }
}
