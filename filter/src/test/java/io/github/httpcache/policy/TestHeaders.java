package io.github.httpcache.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds header maps (field lines by lower-case name) from lines such as {@code "Age: 10"}. */
final class TestHeaders {
  private TestHeaders() {}

  static Map<String, List<String>> headers(String... fieldLines) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : fieldLines) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      headers.computeIfAbsent(name, n -> new ArrayList<>()).add(line.substring(colon + 1).strip());
    }
    headers.replaceAll((name, values) -> Collections.unmodifiableList(values));
    return Collections.unmodifiableMap(headers);
  }

  /** A field's lines from one table cell, separated by {@code " / "}; a blank cell is no line. */
  static List<String> lines(String cell) {
    return cell == null || cell.isBlank() ? List.of() : List.of(cell.split(" / ", -1));
  }
}
