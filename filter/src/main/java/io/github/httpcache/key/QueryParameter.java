package io.github.httpcache.key;

import java.util.Objects;

/**
 * One {@code name=value} pair of a query string: decoded, as the application reads it, and raw,
 * as the request spelt it. A bare {@code name} has an empty value.
 *
 * @param raw the pair as sent ({@code a=%41}, {@code a}); keys are built from its bytes, because two
 *     raw pairs may decode to the same strings ({@code %ff} and a literal U+FFFD) yet differ
 */
public record QueryParameter(String name, String value, String raw) {
  public QueryParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(raw, "raw");
  }

  /** A pair with no request spelling of its own: its raw form is the canonical encoding of the strings. */
  public QueryParameter(String name, String value) {
    this(name, value, QueryString.percentEncode(name) + "=" + QueryString.percentEncode(value));
  }

  /** {@code name=value} in the canonical form keys hold: equal only when the raw bytes are equal. */
  public String keyForm() {
    return QueryString.keyForm(raw);
  }
}
