package io.github.httpcache.benchmarks.micro;

import io.github.httpcache.servlet.BufferingResponseWrapper;
import io.github.httpcache.servlet.DetachedResponse;
import java.io.IOException;
import java.util.Arrays;
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
 * The response wrapper on a miss: a servlet writes its body in 8 KiB chunks, the cache reads the
 * facts and the captured body, and sends it on. Command: see {@code KeyAndPolicyBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WrapperBenchmark {
  @Param({"1024", "65536"})
  public int bodySize;

  private byte[] chunk;

  @Setup
  public void setUp() {
    chunk = new byte[Math.min(8192, bodySize)];
    Arrays.fill(chunk, (byte) 'x');
  }

  @Benchmark
  public byte[] captureAndFinish() throws IOException {
    BufferingResponseWrapper wrapper = new BufferingResponseWrapper(new DetachedResponse(), 1 << 20, w -> { });
    wrapper.setContentType("application/json");
    for (int written = 0; written < bodySize; written += chunk.length) {
      wrapper.getOutputStream().write(chunk, 0, Math.min(chunk.length, bodySize - written));
    }
    wrapper.facts();
    byte[] body = wrapper.capturedBody();
    wrapper.finish();
    return body;
  }
}
