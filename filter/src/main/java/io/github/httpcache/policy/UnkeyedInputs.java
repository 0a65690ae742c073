package io.github.httpcache.policy;

import io.github.httpcache.config.CookieRule;
import io.github.httpcache.config.InputRules;
import io.github.httpcache.config.Route;
import io.github.httpcache.config.UserSource;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a response may be stored given the request inputs its page read: every input must be
 * one the key holds (the path, the keyed query, {@code Vary}-named and route-keyed headers, the
 * user of a per-user route, declared cookies, the origin) or one the route declared harmless.
 * Credentials, cookies, the session and the body always refuse, and so do forwarded headers
 * unless the mode is {@code off}; other unkeyed headers follow the route's mode ({@code refuse}
 * by default, {@code warn}, {@code off}: a proxy servlet reads every header to forward it, and
 * then the upstream's {@code Vary} is what keys the response). With origin freshness RFC 9111
 * §3.5 rules {@code Authorization}.
 */
public final class UnkeyedInputs {
  /**
   * Request headers the filter answers itself (content coding, validators, ranges) and those about
   * the connection, not the content (RFC 9110 §7.6.1; a GET with a body never fills): never the page's input.
   */
  private static final Set<String> HANDLED = Set.of("accept-encoding", "if-none-match", "if-modified-since",
      "if-match", "if-unmodified-since", "if-range", "range", "connection", "keep-alive", "te", "upgrade",
      "proxy-connection", "content-length", "transfer-encoding");
  private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization", "cookie",
      "session", "principal", "body");
  private static final Set<String> FORWARDED = Set.of("forwarded", "x-real-ip");

  /** What the inputs allow: store, store with a warning, or refuse, naming the input that decided. */
  public record Verdict(Outcome outcome, Optional<String> input) {
    public static final Verdict KEYED = new Verdict(Outcome.KEYED, Optional.empty());
  }

  /** How the inputs judge a response. */
  public enum Outcome {
    KEYED,
    WARN,
    REFUSE
  }

  private UnkeyedInputs() {}

  /**
   * @param read the inputs the page read ({@code servlet.InputsRead} names), in a stable order
   * @param varied the header names the response's own {@code Vary} lists (lower case)
   */
  public static Verdict judge(Collection<String> read, Route route, Collection<String> varied) {
    Optional<String> other = Optional.empty();
    for (String input : read) {
      if (isKeyed(input, route, varied) || route.inputs().ignores(input)) {
        continue;
      }
      if (CREDENTIALS.contains(input) || isForwarded(input) && route.inputs().mode() != InputRules.Mode.OFF) {
        return new Verdict(Outcome.REFUSE, Optional.of(input));
      }
      other = other.or(() -> Optional.of(input));
    }
    if (other.isEmpty() || route.inputs().mode() == InputRules.Mode.OFF) {
      return Verdict.KEYED;
    }
    return new Verdict(route.inputs().mode() == InputRules.Mode.WARN ? Outcome.WARN : Outcome.REFUSE, other);
  }

  /** Headers a proxy in front sets: the client's address, the host and scheme it asked for. */
  static boolean isForwarded(String input) {
    return FORWARDED.contains(input) || input.startsWith("x-forwarded-");
  }

  private static boolean isKeyed(String input, Route route, Collection<String> varied) {
    if (HANDLED.contains(input) || varied.contains(input) || route.inputs().vary().contains(input)) {
      return true;
    }
    if (input.startsWith("?")) {
      // A derived key holds every parameter the page can see; a key template only those it names.
      return route.key().isEmpty() || route.key().get().placeholderNames().contains(input.substring(1));
    }
    return switch (input) {
      case "cookie" -> route.cookies().mode() != CookieRule.Mode.BYPASS;
      case "principal" -> route.perUser().isPresent();
      case "authorization" -> route.perUser().isPresent() || route.freshness() == Route.Freshness.ORIGIN;
      default -> route.perUser().flatMap(UserSource::headerName).map(h -> h.equalsIgnoreCase(input)).orElse(false);
    };
  }
}
