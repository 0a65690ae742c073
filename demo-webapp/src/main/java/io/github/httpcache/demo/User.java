package io.github.httpcache.demo;

/** One demo user as the users API returns it. */
public record User(long id, String name) {}
