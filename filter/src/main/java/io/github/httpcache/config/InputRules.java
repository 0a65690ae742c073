package io.github.httpcache.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a route says about the request inputs its pages read ({@code route.<name>.inputs},
 * {@code .inputs.ignore}, {@code .vary}): a response that read an input its key does not hold is
 * not stored, unless the input is declared harmless or keyed.
 *
 * @param mode what an unkeyed ordinary header (or the remote address) does; credentials, cookies,
 *     the session, forwarded headers and the body always refuse
 * @param ignored inputs declared harmless: header names, or {@code session}, {@code principal},
 *     {@code cookie}, {@code remote-address}
 * @param vary request headers the route keys on: added to the key and to the response's {@code Vary}
 */
public record InputRules(Mode mode, List<String> ignored, List<String> vary) {
  /** What an unkeyed ordinary input does. */
  public enum Mode {
    /** Not stored ({@code detail=unkeyed-input}). */
    REFUSE,
    /** Stored, with a rate-limited warning and a metric. */
    WARN,
    /** Not checked. */
    OFF
  }

  public static final InputRules DEFAULT = new InputRules(Mode.REFUSE, List.of(), List.of());

  public InputRules {
    ignored = List.copyOf(ignored);
    vary = List.copyOf(vary);
  }

  /** Whether the route declared {@code input} harmless. */
  public boolean ignores(String input) {
    return ignored.contains(input);
  }

  static Mode mode(String key, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "refuse" -> Mode.REFUSE;
      case "warn" -> Mode.WARN;
      case "off" -> Mode.OFF;
      default -> throw ConfigException.of(key, value,
          "expected refuse (the default: a page that read an unkeyed header is not stored), warn or off");
    };
  }

  /** Comma-separated header names (or input names), lower-cased, for config entry {@code key}. */
  static List<String> names(String key, String value) {
    List<String> names = new ArrayList<>();
    for (String name : value.split(",")) {
      String trimmed = name.trim().toLowerCase(Locale.ROOT);
      if (!trimmed.isEmpty() && !trimmed.matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
        throw ConfigException.of(key, value, "\"" + name.trim() + "\" is not a header name such as accept-language");
      }
      if (!trimmed.isEmpty()) {
        names.add(trimmed);
      }
    }
    if (names.isEmpty()) {
      throw ConfigException.of(key, value, "expected comma-separated header names such as user-agent, accept-language");
    }
    return names;
  }

  @Override
  public String toString() {
    return (mode == Mode.REFUSE ? "" : " inputs " + mode.name().toLowerCase(Locale.ROOT))
        + (ignored.isEmpty() ? "" : " inputs.ignore " + String.join(",", ignored))
        + (vary.isEmpty() ? "" : " vary " + String.join(",", vary));
  }
}
