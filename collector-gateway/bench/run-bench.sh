#!/usr/bin/env bash
# Ingest benchmark for the collector gateway (see src/test/java/io/spanflow/collector/bench/).
#
# Starts a real KRaft broker (own JVM), the collector (own JVM, so CPU and RSS are its own) and
# drives it from this client JVM for a fixed time per protocol: Jaeger thrift HTTP 14268, Zipkin
# JSON v2 9411, Jaeger gRPC PostSpans 14250, OTLP gRPC 4317, OTLP HTTP protobuf 4318. Then runs
# Zipkin's server (in-memory storage, its fastest configuration) with the same Zipkin JSON v2
# requests and prints the Spanflow/Zipkin ratio per core. Prints a README-ready table.
#
# Usage: collector-gateway/bench/run-bench.sh [--seconds=20] [--warmup=8] [--concurrency=16]
#          [--batch=100] [--partitions=3] [--protocols=jaeger-thrift-http,zipkin-json,jaeger-grpc,otlp-grpc,otlp-http]
#          [--zipkin=false]
# SERVER_JVM_FLAGS: JVM flags of the collector and of Zipkin, the same for both (-Xms512m -Xmx1g).
# ZIPKIN_VERSION: zipkin-server to compare with (3.6.1), fetched into collector-gateway/target.
# SKIP_BUILD=1 reuses the classpaths and the Zipkin jar of the previous run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ZIPKIN_VERSION="${ZIPKIN_VERSION:-3.6.1}"
ZIPKIN_DIR=collector-gateway/target/zipkin-server
ZIPKIN_JAR="$ZIPKIN_DIR/zipkin-server-$ZIPKIN_VERSION-exec.jar"

# Two classpaths from the reactor (module classes from target/classes): the collector's runtime
# one, and the test one (load client and broker: test-support's embedded broker, gRPC stubs).
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -o -pl collector-gateway -am -DskipTests -Dspotless.check.skip=true test-compile \
    dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
  ./mvnw -B -q -o -pl collector-gateway -am -DskipTests -Dspotless.check.skip=true compile \
    dependency:build-classpath -Dmdep.outputFile=target/collector.cp -Dmdep.includeScope=runtime
fi
if [ ! -f "$ZIPKIN_JAR" ]; then
  artifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec"
  ./mvnw -B -q -o -N dependency:copy -Dartifact="$artifact" -DoutputDirectory="$ZIPKIN_DIR" \
    || ./mvnw -B -q -N dependency:copy -Dartifact="$artifact" -DoutputDirectory="$ZIPKIN_DIR"
fi
COLLECTOR_CP="$PWD/collector-gateway/target/classes:$(cat collector-gateway/target/collector.cp)"
BENCH_CP="$PWD/collector-gateway/target/test-classes:$PWD/collector-gateway/target/classes:$(cat collector-gateway/target/bench.cp)"
exec java -Xmx1g -cp "$BENCH_CP" io.spanflow.collector.bench.IngestLoadBenchmark \
  --collector-cp="$COLLECTOR_CP" --broker-cp="$BENCH_CP" --zipkin-jar="$PWD/$ZIPKIN_JAR" \
  --work-dir="$PWD/collector-gateway/target/bench" \
  --jvm-flags="${SERVER_JVM_FLAGS:--Xms512m -Xmx1g}" "$@"
