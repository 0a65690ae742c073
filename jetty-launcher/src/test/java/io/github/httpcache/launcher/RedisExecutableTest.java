package io.github.httpcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisExecutableTest {

  @TempDir
  Path temp;

  @Test
  void executableRedisServerOnPathIsFound() throws IOException {
    Path empty = Files.createDirectory(temp.resolve("empty"));
    Path bin = Files.createDirectory(temp.resolve("bin"));
    Path server = executable(bin.resolve("redis-server"));

    assertEquals(Optional.of(server), RedisExecutable.onPath(empty + File.pathSeparator + bin));
  }

  @Test
  void nonExecutableRedisServerOnPathIsSkipped() throws IOException {
    Files.createFile(temp.resolve("redis-server"));

    assertEquals(Optional.empty(), RedisExecutable.onPath(temp.toString()));
  }

  @Test
  void missingOrEmptyPathFindsNothing() {
    assertEquals(Optional.empty(), RedisExecutable.onPath(null));
    assertEquals(Optional.empty(), RedisExecutable.onPath(""));
  }

  private static Path executable(Path file) throws IOException {
    return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }
}
