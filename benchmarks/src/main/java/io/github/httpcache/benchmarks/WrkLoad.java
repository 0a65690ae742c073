package io.github.httpcache.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk} (a separate process, so the load does not share the server's JVM) and reads its figures. */
final class WrkLoad {
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  /** Appends a fresh query parameter to every request, so each one is a cold key (a miss). */
  private static final String UNIQUE_QUERY_SCRIPT = String.join("\n",
      "local counter = 0",
      "local thread_id = 0",
      "setup = function(thread) thread:set('id', thread_id); thread_id = thread_id + 1 end",
      "init = function(args) prefix = wrk.path end",
      "request = function()",
      "  counter = counter + 1",
      "  return wrk.format(nil, prefix .. '?n=' .. tostring(id) .. '-' .. counter .. '-' .. os.time())",
      "end");

  private WrkLoad() {}

  static boolean available() {
    try {
      Process probe = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static LoadResult run(String url, int connections, Duration duration, boolean uniqueKeys) throws Exception {
    Path script = Files.createTempFile("wrk-unique", ".lua");
    try {
      Files.writeString(script, UNIQUE_QUERY_SCRIPT);
      List<String> command = new java.util.ArrayList<>(List.of("wrk", "-t2", "-c" + connections,
          "-d" + duration.toSeconds() + "s", "--latency", "--timeout", "10s"));
      if (uniqueKeys) {
        command.addAll(List.of("-s", script.toString()));
      }
      command.add(url);
      Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!wrk.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
        wrk.destroyForcibly();
        throw new IllegalStateException("wrk failed:\n" + output);
      }
      return new LoadResult(number(RATE, output), percentile("50%", output), percentile("99%", output),
          (long) number(ERRORS, output));
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static double number(Pattern pattern, String output) {
    Matcher matcher = pattern.matcher(output);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }

  /** wrk prints e.g. {@code 99%    3.21ms}, {@code 50%  812.00us} or {@code 99%    1.02s}. */
  private static double percentile(String label, String output) {
    Matcher matcher = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(output);
    if (!matcher.find()) {
      return Double.NaN;
    }
    double value = Double.parseDouble(matcher.group(1));
    return switch (matcher.group(2)) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }
}
