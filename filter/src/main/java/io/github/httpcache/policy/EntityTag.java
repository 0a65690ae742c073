package io.github.httpcache.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An entity-tag (RFC 9110 §8.8.3) as the conditional and revalidation rules compare it.
 * The syntax is read strictly: {@code W/} in upper case only, the opaque tag in double quotes,
 * made of {@code etagc} characters (visible ASCII but {@code "}, or obs-text). Unquoted values
 * and {@code w/} are invalid, so they never match anything.
 *
 * @param opaqueTag the quoted part, quotes included
 */
record EntityTag(boolean weak, String opaqueTag) {

  /** The single entity-tag {@code text} holds, surrounding whitespace aside. */
  static Optional<EntityTag> parse(String text) {
    String trimmed = text.strip();
    int end = scan(trimmed, 0);
    return end == trimmed.length() ? Optional.of(at(trimmed, 0, end)) : Optional.empty();
  }

  /** The first field line of a singleton field such as {@code ETag}, parsed. */
  static Optional<EntityTag> fromField(List<String> fieldLines) {
    return fieldLines.isEmpty() ? Optional.empty() : parse(fieldLines.get(0));
  }

  /**
   * The tags of a {@code #entity-tag} list spread over field lines, or empty if any member is not
   * an entity-tag (a syntactically broken list is not guessed at).
   */
  static Optional<List<EntityTag>> parseList(List<String> fieldLines) {
    List<EntityTag> tags = new ArrayList<>();
    for (String line : fieldLines) {
      int i = 0;
      while (true) {
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t'
            || line.charAt(i) == ',')) {
          i++;
        }
        if (i == line.length()) {
          break;
        }
        int end = scan(line, i);
        if (end < 0) {
          return Optional.empty();
        }
        tags.add(at(line, i, end));
        i = end;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
          i++;
        }
        if (i < line.length() && line.charAt(i) != ',') {
          return Optional.empty();
        }
      }
    }
    return Optional.of(List.copyOf(tags));
  }

  /** RFC 9110 §8.8.3.2 weak comparison: the opaque tags are equal, weakness aside. */
  boolean weaklyMatches(EntityTag other) {
    return opaqueTag.equals(other.opaqueTag);
  }

  /** RFC 9110 §8.8.3.2 strong comparison: both strong and the opaque tags equal. */
  boolean stronglyMatches(EntityTag other) {
    return !weak && !other.weak && weaklyMatches(other);
  }

  /** The field value form, e.g. {@code W/"abc"}. */
  @Override
  public String toString() {
    return (weak ? "W/" : "") + opaqueTag;
  }

  private static EntityTag at(String text, int start, int end) {
    boolean weak = text.startsWith("W/", start);
    return new EntityTag(weak, text.substring(weak ? start + 2 : start, end));
  }

  /** The index just past the entity-tag starting at {@code start}, or -1 if there is none. */
  private static int scan(String text, int start) {
    int i = text.startsWith("W/", start) ? start + 2 : start;
    if (i >= text.length() || text.charAt(i) != '"') {
      return -1;
    }
    for (i++; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (!(c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF))) {
        return -1;
      }
    }
    return -1;
  }
}
