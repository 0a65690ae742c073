package io.github.httpcache.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 8941 §4.2.2: parses a Dictionary Structured Field, the syntax of RFC 9213's targeted cache
 * fields. Strict, as the RFC requires: any syntax error fails the whole field (empty result), and
 * a caller then ignores the field. Only what a directive needs survives: each member's key, the
 * type of its value and the value's text; parameters are checked, then dropped.
 */
public final class StructuredDictionary {
  /** The kinds of value a member can have (RFC 8941 §3.3), plus an inner list. */
  public enum Type {
    INTEGER,
    DECIMAL,
    STRING,
    TOKEN,
    BINARY,
    BOOLEAN,
    INNER_LIST
  }

  /** A member's value: its type and its text ({@code 3600}, {@code ?1} is {@code true}, a string unquoted). */
  public record Member(Type type, String text) {
    static final Member TRUE = new Member(Type.BOOLEAN, "true");

    /** An integer of zero or more: a valid {@code delta-seconds}. */
    public boolean isNonNegativeInteger() {
      return type == Type.INTEGER && !text.startsWith("-");
    }

    public boolean isFalse() {
      return type == Type.BOOLEAN && text.equals("false");
    }
  }

  private final String input;
  private int pos;

  private StructuredDictionary(String input) {
    this.input = input;
  }

  /**
   * The members of the field lines, combined as one value (RFC 8941 §4.2: joined by commas), in
   * order, a repeated key keeping its last value; empty on any parse error or an empty value.
   */
  public static Optional<Map<String, Member>> parse(List<String> fieldLines) {
    String combined = String.join(",", fieldLines).strip();
    if (combined.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new StructuredDictionary(combined).dictionary());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Map<String, Member> dictionary() {
    Map<String, Member> members = new LinkedHashMap<>();
    while (true) {
      String key = key();
      Member value;
      if (peek() == '=') {
        pos++;
        value = peek() == '(' ? innerList() : item();
      } else {
        value = Member.TRUE;
        parameters();
      }
      members.put(key, value); // §4.2.2: a repeated key overwrites the earlier value
      skipOptionalWhitespace();
      if (pos == input.length()) {
        return members;
      }
      expect(',');
      skipOptionalWhitespace();
      if (pos == input.length()) {
        throw new IllegalArgumentException("a trailing comma");
      }
    }
  }

  /** §4.2.3.3: {@code ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )}. */
  private String key() {
    int start = pos;
    char first = peek();
    if (!(first >= 'a' && first <= 'z') && first != '*') {
      throw new IllegalArgumentException("a key must start with a lower-case letter or *");
    }
    pos++;
    while (pos < input.length() && isKeyChar(input.charAt(pos))) {
      pos++;
    }
    return input.substring(start, pos);
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "_-.*".indexOf(c) >= 0;
  }

  private Member item() {
    Member value = bareItem();
    parameters();
    return value;
  }

  /** §4.2.1.2: {@code "(" *SP [ item *( 1*SP item ) *SP ] ")" parameters}. */
  private Member innerList() {
    int start = pos;
    expect('(');
    while (true) {
      while (peek() == ' ') {
        pos++;
      }
      if (peek() == ')') {
        pos++;
        parameters();
        return new Member(Type.INNER_LIST, input.substring(start, pos));
      }
      item();
      if (peek() != ' ' && peek() != ')') {
        throw new IllegalArgumentException("inner list items are separated by spaces");
      }
    }
  }

  /** §4.2.3.2: {@code *( ";" *SP key [ "=" bare-item ] )}. */
  private void parameters() {
    while (peek() == ';') {
      pos++;
      while (peek() == ' ') {
        pos++;
      }
      key();
      if (peek() == '=') {
        pos++;
        bareItem();
      }
    }
  }

  /** §4.2.3.1: an integer or decimal, string, token, byte sequence or boolean. */
  private Member bareItem() {
    char c = peek();
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number();
    } else if (c == '"') {
      return string();
    } else if (c == ':') {
      return binary();
    } else if (c == '?') {
      return bool();
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*') {
      return token();
    }
    throw new IllegalArgumentException("not an item");
  }

  /** §4.2.4: at most 15 integer digits; a decimal has at most 12 before its point and 1 to 3 after. */
  private Member number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int digits = 0;
    int point = -1;
    while (pos < input.length() && (Character.isDigit(input.charAt(pos)) && input.charAt(pos) < 128
        || input.charAt(pos) == '.' && point < 0)) {
      if (input.charAt(pos) == '.') {
        point = digits;
      } else {
        digits++;
      }
      pos++;
    }
    boolean valid = point < 0 ? digits >= 1 && digits <= 15
        : point >= 1 && point <= 12 && digits - point >= 1 && digits - point <= 3;
    if (!valid) {
      throw new IllegalArgumentException("not an integer or decimal");
    }
    return new Member(point < 0 ? Type.INTEGER : Type.DECIMAL, input.substring(start, pos));
  }

  /** §4.2.5: printable ASCII between quotes; only {@code \"} and {@code \\} escapes. */
  private Member string() {
    StringBuilder value = new StringBuilder();
    pos++;
    while (pos < input.length()) {
      char c = input.charAt(pos++);
      if (c == '"') {
        return new Member(Type.STRING, value.toString());
      }
      if (c == '\\') {
        c = pos < input.length() ? input.charAt(pos++) : 0;
        if (c != '"' && c != '\\') {
          throw new IllegalArgumentException("a bad escape");
        }
      } else if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("not printable ASCII");
      }
      value.append(c);
    }
    throw new IllegalArgumentException("an unterminated string");
  }

  /** §4.2.6: {@code ( ALPHA / "*" ) *( tchar / ":" / "/" )}. */
  private Member token() {
    int start = pos++;
    while (pos < input.length() && (isTchar(input.charAt(pos)) || input.charAt(pos) == ':' || input.charAt(pos) == '/')) {
      pos++;
    }
    return new Member(Type.TOKEN, input.substring(start, pos));
  }

  private static boolean isTchar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** §4.2.7: base64 between colons. */
  private Member binary() {
    int start = ++pos;
    while (pos < input.length() && input.charAt(pos) != ':') {
      char c = input.charAt(pos++);
      if (!Character.isLetterOrDigit(c) && "+/=".indexOf(c) < 0 || c > 127) {
        throw new IllegalArgumentException("not base64");
      }
    }
    expect(':');
    return new Member(Type.BINARY, input.substring(start, pos - 1));
  }

  /** §4.2.8: {@code ?0} or {@code ?1}. */
  private Member bool() {
    pos++;
    char c = peek();
    if (c != '0' && c != '1') {
      throw new IllegalArgumentException("not a boolean");
    }
    pos++;
    return new Member(Type.BOOLEAN, c == '1' ? "true" : "false");
  }

  private void skipOptionalWhitespace() {
    while (pos < input.length() && (input.charAt(pos) == ' ' || input.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private char peek() {
    return pos < input.length() ? input.charAt(pos) : 0;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw new IllegalArgumentException("expected " + c);
    }
    pos++;
  }
}
