package io.github.httpcache.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * As much of the Redis protocol as the fixtures need to look at Redis without the code under test:
 * connections (plain, or TLS and authenticated as an ACL user), commands, simple replies.
 */
final class Resp {
  private static final int TIMEOUT_MILLIS = 2000;

  private Resp() {
  }

  /** Opens a connection that is ready for commands. */
  @FunctionalInterface
  interface Connector {
    Socket open(String host, int port) throws IOException;
  }

  /** Plain TCP, as the default user. */
  static Connector plain() {
    return Resp::connect;
  }

  /**
   * TLS, trusting what {@code context} trusts and checking that the certificate names the host,
   * then {@code AUTH user password}.
   */
  static Connector tls(SSLContext context, String user, String password) {
    return (host, port) -> {
      Socket tcp = connect(host, port);
      SSLSocket socket;
      try {
        socket = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, port, true);
      } catch (IOException e) {
        tcp.close();
        throw e;
      }
      try {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        socket.getOutputStream().write(encode(List.of("AUTH", user, password)));
        String reply = readReply(socket.getInputStream());
        if (!"OK".equals(reply)) {
          throw new IOException("AUTH as " + user + " was refused: " + reply);
        }
        return socket;
      } catch (IOException e) {
        socket.close();
        throw e;
      }
    };
  }

  private static Socket connect(String host, int port) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  static byte[] encode(List<String> words) {
    StringBuilder request = new StringBuilder("*").append(words.size()).append("\r\n");
    for (String word : words) {
      byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
      request.append('$').append(bytes.length).append("\r\n").append(word).append("\r\n");
    }
    return request.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A bulk string, a status or an integer as text; an error as its whole line ({@code -ERR ...}). */
  static String readReply(InputStream in) throws IOException {
    String line = readLine(in);
    if (line.startsWith("$")) {
      int length = Integer.parseInt(line.substring(1));
      if (length < 0) {
        return null;
      }
      byte[] data = in.readNBytes(length + 2);
      return new String(data, 0, length, StandardCharsets.UTF_8);
    }
    return line.startsWith("+") || line.startsWith(":") ? line.substring(1) : line;
  }

  static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
