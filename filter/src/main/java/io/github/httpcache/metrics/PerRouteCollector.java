package io.github.httpcache.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;

/**
 * The per-route counters ({@code httpcache.route.<route>.<what>} in Dropwizard) as one Prometheus
 * counter per {@code <what>}, labelled by route: {@code httpcache_route_hits{route="user"}}. The
 * Dropwizard bridge maps one Dropwizard metric to one Prometheus metric, so it cannot merge them.
 */
final class PerRouteCollector implements MultiCollector {
  private final MetricRegistry registry;

  PerRouteCollector(MetricRegistry registry) {
    this.registry = registry;
  }

  /** Whether the Dropwizard bridge should leave {@code name} to this collector. */
  static boolean handles(String name) {
    return name.startsWith(MetricNames.ROUTE + ".");
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, Counter> counters = registry.getCounters((name, metric) -> handles(name));
    MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
    for (String what : MetricNames.ROUTE_COUNTERS) {
      CounterSnapshot.Builder counter = CounterSnapshot.builder()
          .name("httpcache_route_" + what.replace('-', '_'))
          .help("Per route: " + what);
      String suffix = "." + what;
      counters.forEach((name, value) -> {
        if (name.endsWith(suffix)) {
          String route = name.substring(MetricNames.ROUTE.length() + 1, name.length() - suffix.length());
          counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
              .labels(Labels.of("route", route)).value(value.getCount()).build());
        }
      });
      snapshots.metricSnapshot(counter.build());
    }
    return snapshots.build();
  }
}
