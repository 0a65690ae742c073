package io.github.httpcache.benchmarks;

/** What one load run measured. */
record LoadResult(double requestsPerSecond, double p50Millis, double p99Millis, long errors) {}
