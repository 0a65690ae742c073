package io.github.httpcache.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import redis.embedded.core.ExecutableProvider;

/**
 * Finds a {@code redis-server} to run: the one on {@code PATH} (e.g. Debian's package, usually
 * newer) if present, else the Linux binary bundled in the embedded-redis artifact.
 */
final class RedisExecutable {

  private static final String NAME = "redis-server";

  private RedisExecutable() {}

  static Path find() throws IOException {
    Optional<Path> onPath = onPath(System.getenv("PATH"));
    if (onPath.isPresent()) {
      return onPath.get();
    }
    File bundled = ExecutableProvider.newJarResourceProvider().get();
    return bundled.toPath();
  }

  static Optional<Path> onPath(String pathVariable) {
    if (pathVariable == null || pathVariable.isBlank()) {
      return Optional.empty();
    }
    for (String directory : pathVariable.split(Pattern.quote(File.pathSeparator))) {
      if (directory.isBlank()) {
        continue;
      }
      Path candidate = Path.of(directory, NAME);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
