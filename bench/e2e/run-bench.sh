#!/usr/bin/env bash
# End-to-end benchmark: client -> collector -> Kafka -> Kafka Streams -> es-sink -> Elasticsearch
# -> query API, all in the all-in-one, driven by tracegen; then Zipkin's server under the same load.
#
#   (a) sustained: after --warmup at the same rate (JIT compilation of a fresh JVM takes a large
#       share of 2 cores for the first minute or two), offer --rate spans/s for --sustain; every
#       acknowledged span must be in ES; the send -> searchable latency is measured by asking the
#       query API for the sampled traces (one request per 100 ms for all pending ones).
#   (b) overload: offer as much as --overload-workers unpaced senders can for --overload; report
#       429/RESOURCE_EXHAUSTED, the consumer lag of the pipeline's groups, that it drains, that every
#       acknowledged span is in ES and that nothing ran out of memory.
#   (c) Zipkin 3.6.1 + the same Elasticsearch 8.19.21: the sustained phase again (Zipkin JSON).
#
# Usage: bench/e2e/run-bench.sh [--rate=2000] [--warmup=90s] [--sustain=60s] [--overload=60s]
#          [--protocol=zipkin-json] [--overload-workers=32] [--overload-traces-per-request=50]
#          [--drain-timeout=600s] [--skip-overload] [--skip-zipkin]
# The collector answers 429 / RESOURCE_EXHAUSTED when more than --collector.queue-size spans
# (100,000) or 64 MiB are in flight to Kafka; below that an overload shows up as consumer lag.
# SKIP_BUILD=1 reuses the last build. Results and logs go to bench/e2e/target/run-<time>/.
set -euo pipefail
cd "$(dirname "$0")/../.."

RATE=2000
SUSTAIN=60s
WARMUP=90s
OVERLOAD=60s
PROTOCOL=zipkin-json
OVERLOAD_WORKERS=32
OVERLOAD_BATCH=50
DRAIN_TIMEOUT=600s
SKIP_OVERLOAD=
SKIP_ZIPKIN=
for arg in "$@"; do
  case "$arg" in
    --rate=*) RATE="${arg#*=}" ;;
    --sustain=*) SUSTAIN="${arg#*=}" ;;
    --warmup=*) WARMUP="${arg#*=}" ;;
    --overload=*) OVERLOAD="${arg#*=}" ;;
    --protocol=*) PROTOCOL="${arg#*=}" ;;
    --overload-workers=*) OVERLOAD_WORKERS="${arg#*=}" ;;
    --overload-traces-per-request=*) OVERLOAD_BATCH="${arg#*=}" ;;
    --drain-timeout=*) DRAIN_TIMEOUT="${arg#*=}" ;;
    --skip-overload) SKIP_OVERLOAD=1 ;;
    --skip-zipkin) SKIP_ZIPKIN=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

ZIPKIN_VERSION="$(sed -n 's:.*<zipkin-server.version>\(.*\)</zipkin-server.version>.*:\1:p' pom.xml)"
OUT="bench/e2e/target/run-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building the all-in-one and fetching zipkin-server $ZIPKIN_VERSION ..." >&2
  ./mvnw -q -B -ntp package -DskipTests -Dspotless.check.skip=true -pl all-in-one -am
  ./mvnw -q -B -ntp -N dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
    -DoutputDirectory=bench/e2e/target
fi
CP="$PWD/all-in-one/target/spanflow-all-in-one.jar:$PWD/all-in-one/target/lib/*"
ZIPKIN_JAR="$PWD/bench/e2e/target/zipkin-server-$ZIPKIN_VERSION-exec.jar"
JAVA_HEAP="${BENCH_HEAP:--Xmx1g}"
CLK_TCK="$(getconf CLK_TCK)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
prop() { sed -n "s/^$2=//p" "$1"; }
pids_of() { echo "$1 $(pgrep -P "$1" | tr '\n' ' ')"; }   # a JVM and its child processes (ES)
cpu_ticks() { local t=0 p; for p in $1; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo "$t"; }
rss_kb() { local t=0 p; for p in $1; do [ -r "/proc/$p/status" ] && t=$((t + $(awk '/VmRSS/{print $2}' "/proc/$p/status"))); done; echo "$t"; }
# Samples the summed RSS of the given pids each second into FILE (max kept) until killed.
rss_sampler() { local max=0 r; while true; do r=$(rss_kb "$1"); [ "$r" -gt "$max" ] && max=$r && echo "$max" > "$2"; sleep 1; done; }
wait_for() { # FILE PATTERN SECONDS
  local i; for ((i = 0; i < $3; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done
  echo "timed out waiting for '$2' in $1" >&2; tail -20 "$1" >&2; return 1
}
http_ok() { local i; for ((i = 0; i < $2; i++)); do curl -fs -o /dev/null "$1" && return 0; sleep 1; done; return 1; }
cores() { awk -v c0="$1" -v c1="$2" -v t0="$3" -v t1="$4" -v hz="$CLK_TCK" 'BEGIN{printf "%.2f", (c1-c0)/hz/(t1-t0)}'; }

tracegen() { java -Xmx512m -cp "$CP" io.spanflow.tracegen.TracegenMain "$@"; }
stored() { java -Xmx256m -cp "$CP" io.spanflow.tracegen.bench.StoredSpanCountMain "$@"; }
lag() { java -Xmx128m -cp "$CP" io.spanflow.tracegen.bench.ConsumerLagMain "$@"; }

# Runs tracegen for one sustained phase against a target; measures CPU and peak RSS of TARGET_PIDS.
sustained_phase() { # NAME PROTOCOL ENDPOINT PROBE_API PROBE_URL TARGET_PIDS
  local name=$1 t0 t1 c0 c1 sampler
  if [ "$WARMUP" != "0" ] && [ "$WARMUP" != "0s" ]; then
    echo "   warm-up: $RATE spans/s for $WARMUP (not measured; checked for loss)" >&2
    tracegen --protocol="$2" --endpoint="$3" --spans-per-second="$RATE" --duration="$WARMUP" \
      --workers=16 --traces-per-request=5 --trace-log="$OUT/$name-warmup.csv" \
      --summary-file="$OUT/$name-warmup.summary" --progress-interval=30s > "$OUT/$name-warmup.out" 2>&1 || true
  fi
  c0=$(cpu_ticks "$6"); t0=$(date +%s.%N)
  rss_sampler "$6" "$OUT/$name.rss" & sampler=$!
  tracegen --protocol="$2" --endpoint="$3" --spans-per-second="$RATE" --duration="$SUSTAIN" \
    --workers=16 --traces-per-request=5 --trace-log="$OUT/$name.csv" \
    --summary-file="$OUT/$name.summary" --probe.api="$4" --probe.url="$5" --probe.interval=250ms --probe.timeout=180s \
    --progress-interval=20s | tee "$OUT/$name.out" || true
  c1=$(cpu_ticks "$6"); t1=$(date +%s.%N)
  kill "$sampler" 2>/dev/null || true
  echo "cpu_cores=$(cores "$c0" "$c1" "$t0" "$t1")" >> "$OUT/$name.summary"
  echo "peak_rss_mb=$(( $(cat "$OUT/$name.rss" 2>/dev/null || echo 0) / 1024 ))" >> "$OUT/$name.summary"
}

cleanup() {
  for pid in ${SPANFLOW_PID:-} ${ZIPKIN_PID:-} ${ZES_PID:-}; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

for port in 16686 9411 4317 4318 14250 14268; do
  if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use: the all-in-one needs the standard ports; stop what uses it" >&2; exit 1
  fi
done

# ---------------------------------------------------------------- Spanflow
KAFKA_PORT=$(free_port); ES_PORT=$(free_port)
echo "== Spanflow all-in-one (data in $OUT/data)" >&2
java $JAVA_HEAP -XX:+ExitOnOutOfMemoryError -cp "$CP" io.spanflow.allinone.AllInOneMain \
  --data-dir="$OUT/data" --kafka.port="$KAFKA_PORT" --es.port="$ES_PORT" > "$OUT/spanflow.log" 2>&1 &
SPANFLOW_PID=$!
wait_for "$OUT/spanflow.log" "Spanflow is ready" 240
SPANFLOW_PIDS="$(pids_of "$SPANFLOW_PID")"
case "$PROTOCOL" in
  zipkin-json) ENDPOINT=127.0.0.1:9411 ;; otlp-grpc) ENDPOINT=127.0.0.1:4317 ;;
  otlp-http) ENDPOINT=127.0.0.1:4318 ;; jaeger-grpc) ENDPOINT=127.0.0.1:14250 ;;
  jaeger-udp-compact) ENDPOINT=127.0.0.1:6831 ;; jaeger-udp-binary) ENDPOINT=127.0.0.1:6832 ;;
  *) echo "unknown protocol $PROTOCOL" >&2; exit 2 ;;
esac

echo "== (a) sustained: $RATE spans/s for $SUSTAIN over $PROTOCOL" >&2
sustained_phase spanflow-sustained "$PROTOCOL" "$ENDPOINT" jaeger http://127.0.0.1:16686 \
  "$SPANFLOW_PIDS"
stored --es.url="http://127.0.0.1:$ES_PORT" --trace-log="$OUT/spanflow-sustained.csv" \
  --summary-file="$OUT/spanflow-sustained.stored" | tee -a "$OUT/spanflow-sustained.out"
[ -f "$OUT/spanflow-sustained-warmup.csv" ] && stored --es.url="http://127.0.0.1:$ES_PORT" \
  --trace-log="$OUT/spanflow-sustained-warmup.csv" --summary-file="$OUT/spanflow-warmup.stored" \
  | tee -a "$OUT/spanflow-sustained.out"

if [ -z "$SKIP_OVERLOAD" ]; then
  echo "== (b) overload: $OVERLOAD_WORKERS unpaced senders for $OVERLOAD" >&2
  lag --bootstrap="127.0.0.1:$KAFKA_PORT" --interval=5s --duration="$OVERLOAD" \
    --summary-file="$OUT/overload.lag" > "$OUT/overload-lag.out" 2>&1 &
  LAG_PID=$!
  c0=$(cpu_ticks "$SPANFLOW_PIDS"); t0=$(date +%s.%N)
  rss_sampler "$SPANFLOW_PIDS" "$OUT/overload.rss" & SAMPLER=$!
  tracegen --protocol="$PROTOCOL" --endpoint="$ENDPOINT" --traces-per-second=0 \
    --workers="$OVERLOAD_WORKERS" --traces-per-request="$OVERLOAD_BATCH" --duration="$OVERLOAD" \
    --retry.max-attempts=20 --trace-log="$OUT/overload.csv" --summary-file="$OUT/overload.summary" \
    --progress-interval=20s | tee "$OUT/overload.out" || true
  c1=$(cpu_ticks "$SPANFLOW_PIDS"); t1=$(date +%s.%N)
  wait "$LAG_PID" || true
  echo "== draining" >&2
  lag --bootstrap="127.0.0.1:$KAFKA_PORT" --interval=2s --duration="$DRAIN_TIMEOUT" --until-drained \
    --summary-file="$OUT/drain.lag" > "$OUT/drain-lag.out" 2>&1 || true
  kill "$SAMPLER" 2>/dev/null || true
  echo "cpu_cores=$(cores "$c0" "$c1" "$t0" "$t1")" >> "$OUT/overload.summary"
  echo "peak_rss_mb=$(( $(cat "$OUT/overload.rss" 2>/dev/null || echo 0) / 1024 ))" >> "$OUT/overload.summary"
  stored --es.url="http://127.0.0.1:$ES_PORT" --trace-log="$OUT/overload.csv" \
    --summary-file="$OUT/overload.stored" | tee -a "$OUT/overload.out"
  if kill -0 "$SPANFLOW_PID" 2>/dev/null && ! grep -q OutOfMemoryError "$OUT/spanflow.log"; then
    echo "oom=no" >> "$OUT/overload.summary"
  else
    echo "oom=YES (or the all-in-one died; see $OUT/spanflow.log)" >> "$OUT/overload.summary"
  fi
fi
kill -TERM "$SPANFLOW_PID"; wait "$SPANFLOW_PID" || true; SPANFLOW_PID=

# ---------------------------------------------------------------- Zipkin
if [ -z "$SKIP_ZIPKIN" ]; then
  echo "== (c) Zipkin $ZIPKIN_VERSION + Elasticsearch, sustained: $RATE spans/s for $SUSTAIN" >&2
  ZES_PORT=$(free_port); ZIPKIN_PORT=$(free_port)
  java -Xmx128m -cp "$CP" bench/e2e/ElasticsearchForZipkin.java "$OUT/zipkin-es" "$ZES_PORT" 512m \
    > "$OUT/zipkin-es.log" 2>&1 &
  ZES_PID=$!
  wait_for "$OUT/zipkin-es.log" "^ready" 180
  STORAGE_TYPE=elasticsearch ES_HOSTS="http://127.0.0.1:$ZES_PORT" \
    java $JAVA_HEAP -XX:+ExitOnOutOfMemoryError -jar "$ZIPKIN_JAR" \
    "--armeria.ports[0].ip=127.0.0.1" "--armeria.ports[0].port=$ZIPKIN_PORT" \
    "--armeria.ports[0].protocols[0]=http" > "$OUT/zipkin.log" 2>&1 &
  ZIPKIN_PID=$!
  http_ok "http://127.0.0.1:$ZIPKIN_PORT/health" 300 || { tail -20 "$OUT/zipkin.log" >&2; exit 1; }
  sustained_phase zipkin-sustained zipkin-json "127.0.0.1:$ZIPKIN_PORT" \
    zipkin "http://127.0.0.1:$ZIPKIN_PORT" "$ZIPKIN_PID $(pids_of "$ZES_PID")"
  stored --es.url="http://127.0.0.1:$ZES_PORT" --index='zipkin*span-*' --field=traceId \
    --trace-log="$OUT/zipkin-sustained.csv" --summary-file="$OUT/zipkin-sustained.stored" \
    | tee -a "$OUT/zipkin-sustained.out"
  [ -f "$OUT/zipkin-sustained-warmup.csv" ] && stored --es.url="http://127.0.0.1:$ZES_PORT" \
    --index='zipkin*span-*' --field=traceId --trace-log="$OUT/zipkin-sustained-warmup.csv" \
    --summary-file="$OUT/zipkin-warmup.stored" | tee -a "$OUT/zipkin-sustained.out"
  if ! kill -0 "$ZIPKIN_PID" 2>/dev/null; then echo "oom=YES (zipkin died)" >> "$OUT/zipkin-sustained.summary"; fi
fi

# ---------------------------------------------------------------- Report
col() { # SUMMARY STORED -> the table's column values, one per line
  local s=$1 st=$2
  if [ ! -f "$s" ]; then for _ in 1 2 3 4 5 6 7 8; do echo "-"; done; return; fi
  echo "$(prop "$s" spans_sent)"
  echo "$(prop "$s" spans_per_s)"
  echo "$(prop "$st" spans_found) / $(prop "$st" spans_expected) (missing $(prop "$st" spans_missing))"
  echo "$(prop "$s" searchable_p50_ms) / $(prop "$s" searchable_p99_ms) ms ($(prop "$s" searchable_samples) traces, $(prop "$s" searchable_not_found) not found)"
  echo "$(prop "$s" request_p50_ms) / $(prop "$s" request_p99_ms) ms"
  echo "$(prop "$s" backpressure)"
  echo "$(prop "$s" cpu_cores)"
  echo "$(prop "$s" peak_rss_mb) MB"
}
mapfile -t A < <(col "$OUT/spanflow-sustained.summary" "$OUT/spanflow-sustained.stored")
mapfile -t Z < <(col "$OUT/zipkin-sustained.summary" "$OUT/zipkin-sustained.stored")
{
  echo "End-to-end benchmark, $(date -u +%F), offered $RATE spans/s for $SUSTAIN after a $WARMUP warm-up at the same rate; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| sustained ($PROTOCOL for Spanflow, zipkin-json for Zipkin) | Spanflow all-in-one | Zipkin $ZIPKIN_VERSION + ES 8.19.21 |"
  echo "|---|---|---|"
  labels=("spans sent" "acknowledged spans/s" "stored in ES / acknowledged" "send → searchable p50 / p99" \
    "request latency p50 / p99" "429 / RESOURCE_EXHAUSTED" "CPU (cores, server processes incl. ES)" "peak RSS (server processes incl. ES)")
  for i in "${!labels[@]}"; do echo "| ${labels[$i]} | ${A[$i]} | ${Z[$i]} |"; done
  wst() { [ -f "$1" ] && echo "$(prop "$1" spans_found) / $(prop "$1" spans_expected) (missing $(prop "$1" spans_missing))" || echo "-"; }
  echo "| warm-up spans stored / acknowledged | $(wst "$OUT/spanflow-warmup.stored") | $(wst "$OUT/zipkin-warmup.stored") |"
  if [ -f "$OUT/overload.summary" ]; then
    s="$OUT/overload.summary"
    echo
    echo "| overload ($OVERLOAD_WORKERS unpaced $PROTOCOL senders, $OVERLOAD_BATCH traces per request, $OVERLOAD) | Spanflow all-in-one |"
    echo "|---|---|"
    echo "| spans offered (first attempts) / acknowledged | $(prop "$s" spans_sent) / $(prop "$s" spans_acked) ($(prop "$s" spans_per_s)/s) |"
    echo "| 429 / RESOURCE_EXHAUSTED responses, retries | $(prop "$s" backpressure), $(prop "$s" retries) |"
    echo "| spans given up by clients after 20 attempts | $(prop "$s" spans_rejected) |"
    ol=$(prop "$OUT/overload.lag" max_lag); dl=$(prop "$OUT/drain.lag" max_lag)
    max_lag=$(( ${ol:-0} > ${dl:-0} ? ${ol:-0} : ${dl:-0} ))
    echo "| max consumer lag, all groups (sampled every 5 s, then 2 s while draining) | $max_lag records |"
    echo "| lag drained after the load stopped | $(prop "$OUT/drain.lag" drained_after_s) s (final lag $(prop "$OUT/drain.lag" final_lag)) |"
    echo "| acknowledged spans stored in ES | $(prop "$OUT/overload.stored" spans_found) / $(prop "$OUT/overload.stored" spans_expected) (missing $(prop "$OUT/overload.stored" spans_missing)) |"
    echo "| CPU, peak RSS | $(prop "$s" cpu_cores) cores, $(prop "$s" peak_rss_mb) MB |"
    echo "| out of memory | $(prop "$s" oom) |"
  fi
} | tee "$OUT/report.md"
echo "(logs and raw results in $OUT)" >&2
