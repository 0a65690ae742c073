package io.github.httpcache.config;

import java.util.Optional;

/**
 * Where a per-user route finds the user its entries belong to: the request's authenticated
 * principal, or a header that a trusted gateway sets (clients must not be able to forge it).
 */
public record UserSource(Kind kind, Optional<String> headerName) {
  /** The two places a user can come from. */
  public enum Kind {
    PRINCIPAL,
    HEADER
  }

  private static final String EXPECTED = "expected principal or header:<Header-Name>, such as header:X-User-Id";

  static UserSource parse(String key, String value) {
    if (value.equals("principal")) {
      return new UserSource(Kind.PRINCIPAL, Optional.empty());
    }
    if (value.startsWith("header:") && value.substring(7).trim().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
      return new UserSource(Kind.HEADER, Optional.of(value.substring(7).trim()));
    }
    throw ConfigException.of(key, value, EXPECTED);
  }

  @Override
  public String toString() {
    return kind == Kind.PRINCIPAL ? "principal" : "header:" + headerName.orElseThrow();
  }
}
