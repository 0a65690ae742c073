package io.github.httpcache.servlet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who counts as a local operator when no admin token is configured: a request from a loopback
 * address, addressed to a loopback {@code Host}, carrying no forwarding header. The {@code Host}
 * check stops DNS rebinding (a page in the operator's browser naming an attacker's host that
 * resolves to 127.0.0.1); the header check stops a local reverse proxy from lending its loopback
 * address to remote clients. Pure: no DNS, no I/O.
 */
public final class LoopbackRule {
  /** Whether a request passes, and if not, why (the reason goes into the 403 message). */
  public enum Verdict {
    ALLOWED(""),
    FORWARDED("the request carries a forwarding header (Forwarded, X-Forwarded-*, X-Real-IP)"),
    REMOTE_NOT_LOOPBACK("the client is not on a loopback address"),
    HOST_NOT_LOOPBACK("the Host header is not localhost or a loopback address");

    private final String reason;

    Verdict(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  // Only strings of hex digits, colons and dots reach InetAddress, so it parses a literal and never resolves a name.
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern PORT = Pattern.compile("\\d{1,5}");

  private LoopbackRule() {}

  public static Verdict judge(String remoteAddress, String host, Collection<String> headerNames) {
    if (headerNames.stream().anyMatch(LoopbackRule::isForwardingHeader)) {
      return Verdict.FORWARDED;
    }
    if (!isLoopbackAddress(remoteAddress)) {
      return Verdict.REMOTE_NOT_LOOPBACK;
    }
    return isLoopbackHost(host) ? Verdict.ALLOWED : Verdict.HOST_NOT_LOOPBACK;
  }

  static boolean isForwardingHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.equals("forwarded") || lower.startsWith("x-forwarded-") || lower.equals("x-real-ip");
  }

  /** A {@code Host} value: {@code localhost}, {@code 127.x.x.x} or {@code [::1]}, each with or without a port. */
  static boolean isLoopbackHost(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String name = host;
    int portColon = host.startsWith("[") ? host.indexOf("]:") + 1 : host.indexOf(':');
    if (portColon > 0) {
      if (!PORT.matcher(host.substring(portColon + 1)).matches()) {
        return false;
      }
      name = host.substring(0, portColon);
    }
    if (name.startsWith("[") && name.endsWith("]")) {
      return isLoopbackIpv6(name.substring(1, name.length() - 1));
    }
    return name.equalsIgnoreCase("localhost") || isLoopbackIpv4(name);
  }

  /** A remote address as the container reports it: an IPv4 or IPv6 literal, possibly bracketed. */
  static boolean isLoopbackAddress(String address) {
    if (address == null) {
      return false;
    }
    String literal = address.startsWith("[") && address.endsWith("]")
        ? address.substring(1, address.length() - 1) : address;
    return isLoopbackIpv4(literal) || isLoopbackIpv6(literal);
  }

  private static boolean isLoopbackIpv4(String text) {
    var matcher = IPV4.matcher(text);
    if (!matcher.matches()) {
      return false;
    }
    for (int group = 1; group <= 4; group++) {
      if (Integer.parseInt(matcher.group(group)) > 255) {
        return false;
      }
    }
    return matcher.group(1).equals("127");
  }

  /** {@code ::1} in any spelling, and IPv4-mapped {@code ::ffff:127.x.x.x}; a zone suffix is ignored. */
  private static boolean isLoopbackIpv6(String text) {
    int zone = text.indexOf('%');
    String literal = zone >= 0 ? text.substring(0, zone) : text;
    if (!IPV6.matcher(literal).matches()) {
      return false;
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
