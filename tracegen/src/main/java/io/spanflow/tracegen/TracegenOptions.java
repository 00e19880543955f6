package io.spanflow.tracegen;

import io.spanflow.tracegen.load.ProbeApi;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Flags of {@code ./spanflow tracegen}. */
public final class TracegenOptions {

  @Option(
      names = "--protocol",
      defaultValue = "otlp-grpc",
      description =
          "jaeger-udp-compact, jaeger-udp-binary, jaeger-grpc, otlp-grpc, otlp-http or"
              + " zipkin-json.")
  String protocol;

  @Option(
      names = "--endpoint",
      description =
          "host:port to send to. Default: 127.0.0.1 and the protocol's port (6831, 6832, 14250,"
              + " 4317, 4318, 9411).")
  String endpoint;

  @Option(
      names = "--traces-per-second",
      defaultValue = "10",
      description = "Offered traces per second over all workers; 0: as fast as accepted.")
  double tracesPerSecond;

  @Option(
      names = "--spans-per-second",
      defaultValue = "0",
      description = "Offered spans per second instead (wins over --traces-per-second when > 0).")
  double spansPerSecond;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      description = "How long to send (e.g. 60s, 2m); 0: until --traces are sent.")
  Duration duration;

  @Option(
      names = "--traces",
      defaultValue = "0",
      description = "Stop after this many traces; 0: no limit.")
  long traces;

  @Option(
      names = "--services",
      defaultValue = "6",
      description = "How many services the traces span.")
  int services;

  @Option(
      names = "--depth",
      defaultValue = "2",
      description =
          "Levels of service calls below the entry service (span tree depth is 2*depth+2).")
  int depth;

  @Option(
      names = "--fanout",
      defaultValue = "2",
      description = "Calls each service makes to the next level.")
  int fanout;

  @Option(
      names = "--error-fraction",
      defaultValue = "0.05",
      description = "Fraction of traces with a failing call.")
  double errorFraction;

  @Option(
      names = "--slow-fraction",
      defaultValue = "0.02",
      description = "Fraction of traces with a slow outlier call.")
  double slowFraction;

  @Option(names = "--workers", defaultValue = "2", description = "Concurrent senders.")
  int workers;

  @Option(
      names = "--traces-per-request",
      defaultValue = "5",
      description = "Traces in one request (one UDP emitBatch per service).")
  int tracesPerRequest;

  @Option(
      names = "--retry.max-attempts",
      defaultValue = "10",
      description =
          "Attempts per request on 429/503/RESOURCE_EXHAUSTED/UNAVAILABLE, with exponential"
              + " backoff.")
  int maxAttempts;

  @Option(
      names = "--seed",
      description =
          "Random seed of the trace shapes and ids (default: a new one each run, printed). Two runs"
              + " with one seed send the same trace and span ids, which a store keeps once.")
  Long seed;

  @Option(
      names = "--trace-log",
      description = "Write traceId,sendEpochMillis,spans,acknowledged per trace to this file.")
  Path traceLog;

  @Option(
      names = "--summary-file",
      description = "Also write the summary as key=value lines to this file.")
  Path summaryFile;

  @Option(
      names = "--probe.url",
      description =
          "Measure send -> searchable: the query API's base URL to poll for sampled traces,"
              + " e.g. http://127.0.0.1:16686 (Jaeger API) or http://127.0.0.1:9411 (Zipkin).")
  String probeUrl;

  @Option(
      names = "--probe.api",
      defaultValue = "jaeger",
      description =
          "The lookup API at --probe.url: jaeger (/api/traces?traceID=..) or zipkin"
              + " (/api/v2/traceMany?traceIds=..). One request per 100 ms asks for every pending"
              + " sampled trace.")
  ProbeApi probeApi;

  @Option(
      names = "--probe.interval",
      defaultValue = "500ms",
      description = "Sample at most one trace per interval for the probe.")
  Duration probeInterval;

  @Option(
      names = "--probe.timeout",
      defaultValue = "120s",
      description = "A sampled trace not complete after this counts as not found.")
  Duration probeTimeout;

  @Option(
      names = "--progress-interval",
      defaultValue = "10s",
      description = "Log progress this often; 0: never.")
  Duration progressInterval;
}
