package io.github.httpcache.benchmarks.micro;

import io.github.httpcache.servlet.InputsRead;
import io.github.httpcache.servlet.ObservedRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What recording a page's reads costs a miss (hits render nothing, so they pay nothing): a page
 * that reads ten headers, eight of which the request carries, through the bare request and
 * through {@link ObservedRequest}, then the set of names the store's rule judges. Command: see
 * {@code KeyAndPolicyBenchmark}; run with {@code -prof gc} for allocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObservedRequestBenchmark {
  private static final String[] READ = {"Accept", "Accept-Language", "User-Agent", "Referer", "X-Requested-With",
      "Content-Type", "X-Forwarded-Host", "Origin", "DNT", "Sec-Fetch-Mode"};
  private static final Map<String, String> CARRIED = Map.of("accept", "text/html", "accept-language", "fr",
      "user-agent", "Mozilla/5.0", "referer", "https://example.com/", "x-requested-with", "XMLHttpRequest",
      "origin", "https://example.com", "dnt", "1", "sec-fetch-mode", "navigate");

  private HttpServletRequest request;

  @Setup
  public void setUp() {
    request = (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> method.getName().equals("getHeader")
            ? CARRIED.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT)) : null);
  }

  @Benchmark
  public int bareReads() {
    int found = 0;
    for (String name : READ) {
      found += request.getHeader(name) == null ? 0 : 1;
    }
    return found;
  }

  @Benchmark
  public Set<String> observedReads() {
    InputsRead inputs = new InputsRead();
    HttpServletRequest observed = new ObservedRequest(request, inputs);
    for (String name : READ) {
      observed.getHeader(name);
    }
    return inputs.names();
  }
}
