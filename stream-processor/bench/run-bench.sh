#!/usr/bin/env bash
# Stream-processor benchmark (see ProcessorBenchmark.java): a real broker, M spans pre-loaded,
# the real processor as its own JVM; spans/s through the topology, its CPU and peak RSS, then the
# latency from a trace's last span to its edge on spanflow.dependency-links at a steady rate.
# Usage: stream-processor/bench/run-bench.sh [spans, default 100000] [latency seconds, default 30]
#          [latency spans/s, default 200] [partitions of every topic, default 6]
# PROCESSOR_JVM_FLAGS overrides the processor's JVM flags; PROCESSOR_ARGS adds processor flags
# (e.g. "--processor.trace-inactivity-gap=10s --processor.num-stream-threads=2").
# SKIP_BUILD=1 reuses the classpaths of the previous run.
set -euo pipefail
cd "$(dirname "$0")/../.."
SPANS="${1:-100000}"
LATENCY_SECONDS="${2:-30}"
LATENCY_RATE="${3:-200}"
PARTITIONS="${4:-6}"
FLAGS="${PROCESSOR_JVM_FLAGS:--Xms256m -Xmx1g}"

# Two classpaths from the reactor (module classes from target/classes): the processor's runtime
# one, and the benchmark's test one (embedded broker, SyntheticTraces).
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -o -pl stream-processor -am -DskipTests -Dspotless.check.skip=true test-compile \
    dependency:build-classpath -Dmdep.outputFile=target/bench.cp -DincludeScope=test
  ./mvnw -B -q -o -pl stream-processor -am -DskipTests -Dspotless.check.skip=true compile \
    dependency:build-classpath -Dmdep.outputFile=target/processor.cp -DincludeScope=runtime
fi
PROCESSOR_CP="$PWD/stream-processor/target/classes:$(cat stream-processor/target/processor.cp)"
BENCH_CP="$PWD/stream-processor/target/test-classes:$PWD/stream-processor/target/classes:$(cat stream-processor/target/bench.cp)"
uptime
exec java -Xmx1g -Dprocessor.classpath="$PROCESSOR_CP" -cp "$BENCH_CP" \
  stream-processor/bench/ProcessorBenchmark.java \
  "$FLAGS" "$SPANS" "$LATENCY_SECONDS" "$LATENCY_RATE" "$PARTITIONS" "${PROCESSOR_ARGS:-}"
