package io.github.httpcache.benchmarks.micro;

import io.github.httpcache.key.CacheKeys;
import io.github.httpcache.key.QueryString;
import io.github.httpcache.policy.Lookup;
import io.github.httpcache.policy.LookupPolicy;
import io.github.httpcache.policy.RequestFacts;
import io.github.httpcache.policy.ResponseFacts;
import io.github.httpcache.policy.StoreDecision;
import io.github.httpcache.policy.StorePolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The per-request pure work: parsing the query, deriving the key, and the lookup and store
 * decisions. Run with allocation figures:
 * {@code mvn -q -DskipTests install && mvn -q -pl benchmarks exec:exec -Dexec.executable=java
 * -Dexec.args="-cp %classpath org.openjdk.jmh.Main -prof gc -f 1 -wi 3 -i 5 -w 1 -r 1"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyAndPolicyBenchmark {
  private final String rawQuery = "page=2&sort=name&utm_source=news%20letter&nocache=false";
  private final RequestFacts request = new RequestFacts("GET", "/api/users/42/posts", QueryString.parse(rawQuery),
      Map.of("accept-encoding", "gzip, deflate, br"));
  private final ResponseFacts response = new ResponseFacts(200, Map.of(
      "content-type", List.of("application/json"),
      "cache-control", List.of("public, max-age=60"),
      "vary", List.of("Accept-Encoding")), ResponseFacts.BodyCapture.COMPLETE);

  @Benchmark
  public String parseQueryAndDeriveKey() {
    RequestFacts facts = new RequestFacts("GET", "/api/users/42/posts", QueryString.parse(rawQuery), Map.of());
    return CacheKeys.logicalKey(facts);
  }

  @Benchmark
  public Lookup lookupDecision() {
    return LookupPolicy.decide(request);
  }

  @Benchmark
  public StoreDecision storeDecision() {
    return StorePolicy.decide("GET", response);
  }
}
