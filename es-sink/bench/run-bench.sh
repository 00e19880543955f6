#!/usr/bin/env bash
# The sink against the raw _bulk rate of the same documents (see SinkBenchmark.java).
# Usage: es-sink/bench/run-bench.sh [docs] [rounds] [bulk actions] [workers] [partitions]
# SINK_JVM_FLAGS sets the flags of both measured JVMs (the raw loader and the sink).
set -euo pipefail
cd "$(dirname "$0")/../.."
DOCS="${1:-300000}"
ROUNDS="${2:-2}"
ACTIONS="${3:-1000}"
WORKERS="${4:-1}"
PARTITIONS="${5:-4}"
FLAGS="${SINK_JVM_FLAGS:--Xmx1g -XX:+UseG1GC}"

# Two classpaths from the reactor: the sink's runtime one, and the benchmark's (test scope:
# embedded ES and Kafka, the raw loader). SKIP_BUILD=1 reuses those of the previous run.
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -o -pl es-sink -am -DskipTests -Dspotless.check.skip=true test-compile \
    dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
  ./mvnw -B -q -o -pl es-sink -am -DskipTests -Dspotless.check.skip=true compile \
    dependency:build-classpath -Dmdep.outputFile=target/sink.cp -Dmdep.includeScope=runtime
fi
SINK_CP="$PWD/es-sink/target/classes:$(cat es-sink/target/sink.cp)"
BENCH_CP="$PWD/es-sink/target/test-classes:$PWD/es-sink/target/classes:$(cat es-sink/target/bench.cp)"
echo "uptime: $(uptime)"
java -Xmx1g -cp "$BENCH_CP" io.spanflow.sink.bench.SinkBenchmark \
  "$DOCS" "$ROUNDS" "$ACTIONS" "$WORKERS" "$PARTITIONS" "$FLAGS" "$SINK_CP" "$BENCH_CP"
echo "uptime: $(uptime)"
