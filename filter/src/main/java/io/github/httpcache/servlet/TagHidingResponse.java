package io.github.httpcache.servlet;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the origin's tag header (the cache's alone) from the client, and keeps its values for the
 * cache: a response passed through unstored, and, as {@link BufferingResponseWrapper}, one that
 * may be stored with its tags.
 */
public class TagHidingResponse extends HttpServletResponseWrapper {
  private final String tagHeader;
  private final List<String> tagValues = new ArrayList<>(2);

  public TagHidingResponse(HttpServletResponse response, String tagHeader) {
    super(response);
    this.tagHeader = tagHeader;
  }

  @Override
  public void setHeader(String name, String value) {
    if (name.equalsIgnoreCase(tagHeader)) {
      tagValues.clear();
      if (value != null) {
        tagValues.add(value);
      }
    } else {
      super.setHeader(name, value);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (name.equalsIgnoreCase(tagHeader)) {
      tagValues.add(value);
    } else {
      super.addHeader(name, value);
    }
  }

  /** The values the origin gave the tag header, in order. */
  public List<String> tagHeaderValues() {
    return List.copyOf(tagValues);
  }
}
