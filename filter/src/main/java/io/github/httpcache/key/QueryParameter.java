package io.github.httpcache.key;

/** One decoded {@code name=value} pair of a query string; a bare {@code name} has an empty value. */
public record QueryParameter(String name, String value) {}
