package io.spanflow.collector;

import io.spanflow.collector.kafka.KafkaProducerOptions;
import io.spanflow.runtime.admin.HostPort;
import io.spanflow.runtime.config.AdminOptions;
import io.spanflow.runtime.config.HostPortConverter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The collector's command line, with Jaeger's flag names where Jaeger had the option. */
@Command(
    name = "spanflow-collector-gateway",
    mixinStandardHelpOptions = true,
    description =
        "Receives spans in every Jaeger, Zipkin and OTLP protocol and writes them to Kafka.")
public final class CollectorGatewayOptions {
  @Mixin AdminOptions admin = new AdminOptions(14269);

  @Mixin KafkaProducerOptions kafka = new KafkaProducerOptions();

  @Option(
      names = "--collector.grpc-server.host-port",
      converter = HostPortConverter.class,
      defaultValue = ":14250",
      description = "Jaeger gRPC (PostSpans, sampling). Default: ${DEFAULT-VALUE}.")
  HostPort grpcHostPort;

  @Option(
      names = "--collector.grpc-server.max-message-size",
      defaultValue = "4194304",
      description =
          "Largest gRPC message accepted, in bytes (Jaeger and OTLP gRPC)."
              + " Default: ${DEFAULT-VALUE}.")
  int grpcMaxMessageBytes;

  @Option(
      names = "--collector.http-server.host-port",
      converter = HostPortConverter.class,
      defaultValue = ":14268",
      description =
          "Jaeger thrift over HTTP (/api/traces, /api/sampling). Default: ${DEFAULT-VALUE}.")
  HostPort httpHostPort;

  @Option(
      names = "--collector.http-server.max-body-size",
      defaultValue = "4194304",
      description =
          "Largest HTTP request body, compressed and decompressed, in bytes (413 above)."
              + " Default: ${DEFAULT-VALUE}.")
  long httpMaxBodyBytes;

  @Option(
      names = "--collector.zipkin.host-port",
      converter = HostPortConverter.class,
      defaultValue = ":9411",
      description = "Zipkin HTTP (/api/v1/spans, /api/v2/spans). Default: ${DEFAULT-VALUE}.")
  HostPort zipkinHostPort;

  @Option(
      names = "--collector.otlp.enabled",
      defaultValue = "true",
      description = "Receive OTLP over gRPC and HTTP. Default: ${DEFAULT-VALUE}.")
  boolean otlpEnabled;

  @Option(
      names = "--collector.otlp.grpc.host-port",
      converter = HostPortConverter.class,
      defaultValue = ":4317",
      description = "OTLP gRPC. Default: ${DEFAULT-VALUE}.")
  HostPort otlpGrpcHostPort;

  @Option(
      names = "--collector.otlp.http.host-port",
      converter = HostPortConverter.class,
      defaultValue = ":4318",
      description = "OTLP HTTP (/v1/traces). Default: ${DEFAULT-VALUE}.")
  HostPort otlpHttpHostPort;

  @Option(
      names = "--collector.max-span-size",
      defaultValue = "1000000",
      description =
          "Largest single span (serialized), in bytes; a larger span is rejected alone"
              + " (reason span_too_large, to the dead-letter topic) while the rest of its batch"
              + " is saved. Capped below --kafka.producer.max-message-bytes."
              + " Default: ${DEFAULT-VALUE}.")
  long maxSpanBytes;

  @Option(
      names = "--collector.queue-size",
      defaultValue = "100000",
      description =
          "Spans in flight to Kafka (received, not yet acknowledged), at most; requests"
              + " over it get 429 / RESOURCE_EXHAUSTED. Default: ${DEFAULT-VALUE}.")
  long maxInFlightSpans;

  @Option(
      names = "--collector.max-backlog",
      defaultValue = "0",
      description =
          "Answer 429 / RESOURCE_EXHAUSTED while the consumer group --collector.backlog-group has"
              + " more than this many spans of the span topic left to process (checked every 2 s),"
              + " so an overload reaches clients instead of only growing Kafka's lag. 0: no limit."
              + " Default: ${DEFAULT-VALUE}.")
  long maxBacklog;

  @Option(
      names = "--collector.backlog-group",
      defaultValue = "spanflow-stream-processor",
      description =
          "The consumer group whose lag --collector.max-backlog limits."
              + " Default: ${DEFAULT-VALUE}.")
  String backlogGroup;

  @Option(
      names = "--collector.queue-size-memory",
      defaultValue = "64",
      description =
          "Serialized span bytes in flight to Kafka, at most, in MiB."
              + " Default: ${DEFAULT-VALUE}.")
  long maxInFlightMiB;

  @Option(
      names = "--collector.shutdown-timeout",
      defaultValue = "20s",
      description = "How long shutdown waits for in-flight requests. Default: ${DEFAULT-VALUE}.")
  Duration drainTimeout;

  @Option(
      names = "--sampling.strategies-file",
      description =
          "Jaeger sampling strategies JSON file. Without it every service gets"
              + " probabilistic 0.001.")
  Path strategiesFile;

  @Option(
      names = "--sampling.strategies-reload-interval",
      defaultValue = "0s",
      description =
          "How often to reload the strategies file when it changed; 0 disables."
              + " Default: ${DEFAULT-VALUE}.")
  Duration strategiesReloadInterval;

  @Override
  public String toString() {
    return "CollectorGatewayOptions{grpc="
        + grpcHostPort
        + ", http="
        + httpHostPort
        + ", zipkin="
        + zipkinHostPort
        + ", otlp="
        + (otlpEnabled ? otlpGrpcHostPort + "/" + otlpHttpHostPort : "disabled")
        + ", topic="
        + kafka.topic()
        + "}";
  }
}
