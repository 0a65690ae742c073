package io.github.httpcache.key;

import java.util.regex.Pattern;

/** Redis glob patterns (as SCAN MATCH reads them) as Java regexes, to match keys Redis did not scan. */
public final class Globs {
  private Globs() {}

  /** {@code *} any run, {@code ?} one character, {@code [...]} a class ({@code ^} negates), {@code \} escapes. */
  public static Pattern toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        case '\\' -> {
          if (i + 1 < glob.length()) {
            regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          } else {
            regex.append("\\\\");
          }
        }
        case '[' -> {
          int close = glob.indexOf(']', i + 1);
          if (close < 0) {
            regex.append("\\[");
          } else {
            String members = glob.substring(i + 1, close);
            boolean negated = members.startsWith("^");
            regex.append('[').append(negated ? "^" : "")
                .append(members.substring(negated ? 1 : 0).replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&"))
                .append(']');
            i = close;
          }
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
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
