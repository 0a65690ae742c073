package io.github.httpcache.servlet;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/** Drops the origin's tag header on responses the cache passes through without storing. */
public final class TagHidingResponse extends HttpServletResponseWrapper {
  private final String tagHeader;

  public TagHidingResponse(HttpServletResponse response, String tagHeader) {
    super(response);
    this.tagHeader = tagHeader;
  }

  @Override
  public void setHeader(String name, String value) {
    if (!name.equalsIgnoreCase(tagHeader)) {
      super.setHeader(name, value);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (!name.equalsIgnoreCase(tagHeader)) {
      super.addHeader(name, value);
    }
  }
}
