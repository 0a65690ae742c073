package io.github.httpcache.store;

/** One response header line kept with an entry, name spelled as the origin sent it. */
public record StoredHeader(String name, String value) {}
