package io.github.httpcache.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding an entry for Redis and decoding it on a hit, at 1 KiB and 64 KiB (in the codec's
 * package, which keeps the codec private). Command: see {@code KeyAndPolicyBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
  @Param({"1024", "65536"})
  public int bodySize;

  private CachedResponse entry;
  private byte[] encoded;

  @Setup
  public void setUp() {
    byte[] body = new byte[bodySize];
    Arrays.fill(body, (byte) 'x');
    entry = new CachedResponse(200, List.of(
        new StoredHeader("Content-Type", "application/json"),
        new StoredHeader("Cache-Control", "public, max-age=60"),
        new StoredHeader("X-Request-Id", "5d1f6e5e-8b1e-4c9f-9a4a-0d1b2c3d4e5f")),
        body, Instant.parse("2026-11-23T12:00:00Z"), Duration.ofSeconds(120), "\"abcdefghijklmnopqrstuvwx\"",
        CachedResponse.BodyEncoding.AS_SENT, bodySize);
    encoded = CachedResponseCodec.encode(entry, 42L);
  }

  @Benchmark
  public byte[] encode() {
    return CachedResponseCodec.encode(entry, 42L);
  }

  @Benchmark
  public Versioned decode() {
    return CachedResponseCodec.decode(encoded);
  }
}
