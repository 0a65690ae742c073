package io.github.httpcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs a real redis-server process (from PATH or the embedded-redis JAR), stopped by each test. */
class EmbeddedRedisTest {

  @Test
  void startedRedisAnswersPingOnLoopback() throws IOException {
    try (EmbeddedRedis redis = EmbeddedRedis.start()) {
      assertEquals("redis://127.0.0.1:" + redis.port(), redis.url());
      assertEquals(List.of("+PONG"), send(redis.port(), "PING", 1));
    }
  }

  @Test
  void closeStopsTheProcess() throws IOException {
    EmbeddedRedis redis = EmbeddedRedis.start();
    long pid = redis.pid();

    redis.close();

    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  @Test
  void redisSnapshotsAreDisabled() throws IOException {
    try (EmbeddedRedis redis = EmbeddedRedis.start()) {
      assertEquals(List.of("*2", "$4", "save", "$0", ""), send(redis.port(), "CONFIG GET save", 5));
    }
  }

  @Test
  void redisAppendOnlyFileIsDisabled() throws IOException {
    try (EmbeddedRedis redis = EmbeddedRedis.start()) {
      assertEquals(List.of("*2", "$10", "appendonly", "$2", "no"), send(redis.port(), "CONFIG GET appendonly", 5));
    }
  }

  private static List<String> send(int port, String command, int replyLines) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(2_000);
      socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < replyLines; i++) {
        lines.add(in.readLine());
      }
      return lines;
    }
  }
}
