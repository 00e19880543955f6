#!/usr/bin/env bash
# Query latency at 1M+ spans (see QueryLoadBenchmark.java): a fresh Elasticsearch node, a fast bulk
# load of realistic traces, then trace-by-id and search p50/p99/max through the query-api.
# Usage: query-api/bench/run-bench.sh [spans] [trace-by-id requests] [searches] [bulk workers]
# Smoke test: query-api/bench/run-bench.sh 20000 200 60
# ES_HEAP sets the node's heap (default 1g). SKIP_BUILD=1 reuses the previous classpath.
set -euo pipefail
cd "$(dirname "$0")/../.."
SPANS="${1:-1000000}"
BY_ID="${2:-2000}"
SEARCHES="${3:-600}"
WORKERS="${4:-3}"

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -o -pl query-api -am -DskipTests -Dspotless.check.skip=true test-compile \
    dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
fi
CP="$PWD/query-api/target/classes:$(cat query-api/target/bench.cp)"
exec java -Xmx1g -XX:+UseParallelGC -Dbench.es.heap="${ES_HEAP:-1g}" -cp "$CP" \
  query-api/bench/QueryLoadBenchmark.java "$SPANS" "$BY_ID" "$SEARCHES" "$WORKERS"
