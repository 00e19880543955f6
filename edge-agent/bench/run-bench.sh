#!/usr/bin/env bash
# UDP load benchmark for the edge agent (see UdpLoadBenchmark.java).
# Usage: edge-agent/bench/run-bench.sh [rates spans/s, comma-separated] [seconds per rate] [spans per packet]
# AGENT_JVM_FLAGS overrides the agent's JVM flags; AGENT_ARGS adds agent flags (e.g. workers).
set -euo pipefail
cd "$(dirname "$0")/../.."
RATES="${1:-1000,5000,10000,20000,40000}"
SECONDS_PER_RATE="${2:-20}"
SPANS_PER_PACKET="${3:-10}"
FLAGS="${AGENT_JVM_FLAGS:--Xms8m -Xmx24m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss256k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m -XX:MaxDirectMemorySize=16m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Dio.grpc.netty.shaded.io.netty.allocator.type=unpooled -Dio.grpc.netty.shaded.io.netty.eventLoopThreads=1}"

# Two classpaths from the reactor (module classes from target/classes): the agent's runtime one,
# and the benchmark's, which adds the Java client's thrift classes for encoding packets.
# SKIP_BUILD=1 reuses the classpaths of the previous run.
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -o -pl edge-agent -am -DskipTests -Dspotless.check.skip=true test-compile \
    dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
  ./mvnw -B -q -o -pl edge-agent -am -DskipTests -Dspotless.check.skip=true compile \
    dependency:build-classpath -Dmdep.outputFile=target/agent.cp -Dmdep.includeScope=runtime
fi
AGENT_CP="$PWD/edge-agent/target/classes:$(cat edge-agent/target/agent.cp)"
BENCH_CP="$PWD/edge-agent/target/classes:$(cat edge-agent/target/bench.cp)"
exec java -Dagent.classpath="$AGENT_CP" -cp "$BENCH_CP" edge-agent/bench/UdpLoadBenchmark.java \
  "$FLAGS" "$RATES" "$SECONDS_PER_RATE" "$SPANS_PER_PACKET" "${AGENT_ARGS:-}"
