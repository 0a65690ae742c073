package io.github.httpcache.config;

import java.time.Duration;

/**
 * A cached GET route: requests whose normalised path matches {@code path} are answered from
 * Redis for {@code ttl} after the first 200.
 *
 * @param name the route's name in the configuration ({@code route.<name>.*}), used in metrics
 */
public record Route(String name, PathTemplate path, Duration ttl) {
  @Override
  public String toString() {
    return "route " + name + ": GET " + path + " ttl " + ttl.toSeconds() + "s";
  }
}
