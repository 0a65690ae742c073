#!/usr/bin/env bash
# Runs the public HTTP Caching Tests (https://github.com/http-tests/cache-tests) against this
# cache: the self-contained filter JAR on Jetty 12 in front of a forwarder to the suite's origin,
# with a real Redis, once per forwarding style (Jetty's async ProxyServlet; a blocking servlet).
# Prints, per style, pass / required / optional / dependency / setup failures with the failing
# ids, classified by the suite's own determineTestResult. Not part of CI (it needs the suite and
# Node.js); the latest figures live in docs/http-conformance.md.
#
# usage: conformance/run-cache-tests.sh SUITE_DIR [proxy|blocking ...]
#   SUITE_DIR      a checkout of http-tests/cache-tests (npm install is run there if needed)
#   MVN            the Maven command (default "mvn -q"; "mvn -q -o" offline)
#   SKIP_BUILD=1   reuse the last build (filter-all installed, conformance/target present)
#   OUT_DIR        where results, summaries and logs go (default: a new temporary directory)
#   HARNESS_CONFIG more filter settings, space-separated key=value (e.g. "route.all.cookies=ignore")
#   TEST_ID        run only this test, printing the exchanges as the suite's CLI dumps them
#   HARNESS_JAVA_OPTS  JVM options for the harness (e.g. -Dharness.trace=<test id>: log its headers)
#   SUITE_COMMIT   the suite's commit to print, when SUITE_DIR is not a git checkout
# Exits 1 on a required or harness failure, or a response served for another URL (CROSS-KEY).
# Builds in this checkout's target/ directories: run it in a copy if others build here too.
set -euo pipefail

if [[ $# -lt 1 || ! -d "$1/test-engine" ]]; then
  echo "usage: $0 SUITE_DIR [proxy|blocking ...]  (SUITE_DIR: a checkout of http-tests/cache-tests)" >&2
  exit 2
fi
SUITE_DIR=$(cd "$1" && pwd)
shift
STYLES=("$@")
[[ ${#STYLES[@]} -gt 0 ]] || STYLES=(proxy blocking)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE="$ROOT/conformance"
MVN=${MVN:-mvn -q}
OUT_DIR=${OUT_DIR:-$(mktemp -d -t cache-tests.XXXXXX)}
mkdir -p "$OUT_DIR"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# wait_for FILE PATTERN SECONDS: until FILE holds a line matching PATTERN
wait_for() {
  for _ in $(seq 1 $(($3 * 10))); do
    if grep -q -- "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1:" >&2
  cat "$1" >&2 || true
  return 1
}

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "building the self-contained filter JAR and the harness..."
  # The shade plugin re-shades a stale JAR left in filter-all/target (its classes win over the new filter's).
  rm -rf "$ROOT/filter-all/target"
  (cd "$ROOT" && $MVN -pl filter-all -am install -DskipTests)
  (cd "$HERE" && $MVN package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
fi
CLASSPATH_FILE="$HERE/target/classpath.txt"
HARNESS_CP="$HERE/target/classes:$(cat "$CLASSPATH_FILE")"

if [[ ! -d "$SUITE_DIR/node_modules" ]]; then
  (cd "$SUITE_DIR" && npm install --no-audit --no-fund)
fi
SUITE_COMMIT=${SUITE_COMMIT:-$(git -C "$SUITE_DIR" rev-parse --short HEAD 2>/dev/null || echo "unknown")}

REDIS_PORT=$(free_port)
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no >"$OUT_DIR/redis.log" 2>&1 &
PIDS+=($!)
wait_for "$OUT_DIR/redis.log" "Ready to accept connections" 20

ORIGIN_PORT=$(free_port)
(cd "$SUITE_DIR" && exec env npm_config_protocol=http npm_config_port="$ORIGIN_PORT" \
  npm_config_pidfile="$OUT_DIR/origin.pid" node --import "$HERE/loopback-only.mjs" test-engine/server/server.mjs) \
  >"$OUT_DIR/origin.log" 2>&1 &
PIDS+=($!)
# The origin prints the address it bound: anything but loopback stops the run.
wait_for "$OUT_DIR/origin.log" "Listening on http://127.0.0.1:$ORIGIN_PORT/" 20

STATUS=0
for style in "${STYLES[@]}"; do
  redis-cli -p "$REDIS_PORT" FLUSHALL >/dev/null
  rm -f "$OUT_DIR/$style.port"
  # shellcheck disable=SC2086
  java ${HARNESS_JAVA_OPTS:-} -cp "$HARNESS_CP" io.github.httpcache.conformance.CacheTestsHarness "$style" \
    "http://127.0.0.1:$ORIGIN_PORT" "redis://127.0.0.1:$REDIS_PORT" "$OUT_DIR/$style.port" ${HARNESS_CONFIG:-} \
    >"$OUT_DIR/$style-harness.log" 2>&1 &
  HARNESS_PID=$!
  PIDS+=("$HARNESS_PID")
  wait_for "$OUT_DIR/$style-harness.log" "cache-tests harness" 60
  PORT=$(cat "$OUT_DIR/$style.port")
  if [[ -n "${TEST_ID:-}" ]]; then
    (cd "$SUITE_DIR" && npm_config_base="http://127.0.0.1:$PORT" npm_config_id="$TEST_ID" \
      node --no-warnings test-engine/cli.mjs) || true
    kill "$HARNESS_PID"
    continue
  fi
  # An empty id (both variables: cli.mjs falls back from one to the other) runs every test.
  if ! (cd "$SUITE_DIR" && npm_config_base="http://127.0.0.1:$PORT" npm_config_id="" npm_package_config_id="" \
    node --no-warnings test-engine/cli.mjs) >"$OUT_DIR/$style.json" 2>"$OUT_DIR/$style-cli.log"; then
    echo "the suite's CLI failed for $style:" >&2
    cat "$OUT_DIR/$style-cli.log" >&2
    exit 1
  fi
  kill "$HARNESS_PID"
  wait "$HARNESS_PID" 2>/dev/null || true
  node "$HERE/summarize.mjs" "$SUITE_DIR" "$OUT_DIR/$style.json" "$style (suite $SUITE_COMMIT)" \
    "$OUT_DIR/$style-summary.json" || STATUS=1
  if grep -q "^CROSS-KEY" "$OUT_DIR/$style-harness.log"; then
    echo "   CROSS-KEY: responses served for the wrong URL (see $OUT_DIR/$style-harness.log):" >&2
    grep "^CROSS-KEY" "$OUT_DIR/$style-harness.log" >&2
    STATUS=1
  fi
done
echo "results, summaries and logs: $OUT_DIR"
exit $STATUS
