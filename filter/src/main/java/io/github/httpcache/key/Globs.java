package io.github.httpcache.key;

import java.util.regex.Pattern;

/** Redis glob patterns (as SCAN MATCH reads them) as Java regexes, to match keys Redis did not scan. */
public final class Globs {
  private Globs() {}

  /**
   * {@code *} any run, {@code ?} one character, {@code [...]} a class ({@code ^} negates, {@code a-z}
   * is a range), {@code \} escapes. Classes are read as Redis' {@code stringmatchlen} reads them (an
   * unclosed class runs to the end, a reversed range is swapped, {@code []} matches nothing), so a
   * fill is fenced exactly when SCAN MATCH would have found its key; no pattern makes this throw.
   */
  public static Pattern toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        case '\\' -> {
          if (i + 1 < glob.length()) {
            i++; // escapes the next character; a trailing backslash matches itself
          }
          regex.append(literal(glob.charAt(i)));
        }
        case '[' -> i = appendClass(glob, i + 1, regex);
        default -> regex.append(literal(c));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /** Appends the class whose members start at {@code start}; returns the index of its last character. */
  private static int appendClass(String glob, int start, StringBuilder regex) {
    int i = start;
    boolean negated = i < glob.length() && glob.charAt(i) == '^';
    if (negated) {
      i++;
    }
    StringBuilder members = new StringBuilder();
    while (i < glob.length() && glob.charAt(i) != ']') {
      char c = glob.charAt(i);
      if (c == '\\' && i + 1 < glob.length()) {
        members.append(literal(glob.charAt(i + 1)));
        i += 2;
      } else if (i + 2 < glob.length() && glob.charAt(i + 1) == '-') {
        char to = glob.charAt(i + 2);
        members.append(literal((char) Math.min(c, to))).append('-').append(literal((char) Math.max(c, to)));
        i += 3;
      } else {
        members.append(literal(c));
        i++;
      }
    }
    if (members.isEmpty()) {
      regex.append(negated ? "." : "(?!)");
    } else {
      regex.append(negated ? "[^" : "[").append(members).append(']');
    }
    return Math.min(i, glob.length() - 1);
  }

  private static String literal(char c) {
    return String.format("\\x{%x}", (int) c);
  }

  /** {@code text} with every glob character escaped, so a value filled into a pattern matches only itself. */
  public static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 4);
    for (char c : text.toCharArray()) {
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }
}
