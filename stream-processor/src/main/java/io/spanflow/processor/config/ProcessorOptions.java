package io.spanflow.processor.config;

import io.spanflow.runtime.config.AdminOptions;
import io.spanflow.schemas.kafka.Topics;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command-line options of the stream processor, with Jaeger's names where Jaeger had one (the
 * ingester's {@code --kafka.consumer.*}, {@code --es.*}); bound by the runtime's ConfigBinder
 * (flag, env var, YAML file, default). {@link #toConfig} turns them into a {@link ProcessorConfig}.
 */
public final class ProcessorOptions {

  /** The stream processor's admin port (Jaeger's numbering: 14272). */
  public static final int ADMIN_PORT = 14272;

  @Mixin AdminOptions admin = new AdminOptions(ADMIN_PORT);

  @Option(
      names = "--kafka.consumer.brokers",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers, comma-separated.")
  String brokers;

  @Option(
      names = "--kafka.consumer.topic",
      defaultValue = Topics.JAEGER_SPANS,
      description = "Topic of protobuf jaeger.api_v2.Span records (Jaeger's Kafka format).")
  String topic;

  @Option(
      names = "--kafka.consumer.otlp-topic",
      defaultValue = "",
      description =
          "Optional topic of OTLP ExportTraceServiceRequest records (otlp_proto, as the OTel"
              + " collector's and Jaeger v2's Kafka exporters write); empty = none.")
  String otlpTopic;

  @Option(
      names = "--kafka.producer.dlq-topic",
      defaultValue = Topics.SPANS_DLQ,
      description = "Dead letters: records that could not be used, with the reason in headers.")
  String dlqTopic;

  @Option(
      names = "--kafka.producer.indexed-topic",
      defaultValue = Topics.SPANS_INDEXED,
      description = "Span documents keyed by their Elasticsearch id.")
  String indexedTopic;

  @Option(
      names = "--kafka.producer.service-operations-topic",
      defaultValue = Topics.SERVICE_OPERATIONS,
      description = "The service and operation catalog (compacted).")
  String serviceOperationsTopic;

  @Option(
      names = "--kafka.producer.dependency-links-topic",
      defaultValue = Topics.DEPENDENCY_LINKS,
      description = "Call and error counts per (parent, child, bucket).")
  String dependencyLinksTopic;

  @Option(
      names = "--kafka.producer.span-metrics-topic",
      defaultValue = Topics.SPAN_METRICS,
      description = "RED metrics per (service, operation, span kind, bucket).")
  String spanMetricsTopic;

  @Option(
      names = "--processor.application-id",
      defaultValue = "spanflow-stream-processor",
      description = "Kafka Streams application id: consumer group and internal topic prefix.")
  String applicationId;

  @Option(
      names = "--processor.guarantee",
      defaultValue = "exactly_once_v2",
      description = "Processing guarantee: exactly_once_v2 or at_least_once.")
  String guarantee;

  @Option(
      names = "--processor.dedupe-retention",
      defaultValue = "1h",
      description = "How long a span is remembered so that its copies are dropped.")
  Duration dedupeRetention;

  @Option(
      names = "--processor.trace-inactivity-gap",
      defaultValue = "30s",
      description =
          "A trace's dependency edges are published once no span of it arrived for this long.")
  Duration traceInactivityGap;

  @Option(
      names = "--processor.trace-retention",
      defaultValue = "10m",
      description = "How long a published trace is kept so that late spans link to it.")
  Duration traceRetention;

  @Option(
      names = "--processor.session-scan-interval",
      defaultValue = "5s",
      description =
          "How often (wall clock) traces are checked for the inactivity gap; a trace's edges"
              + " appear between the gap and the gap plus this interval after its last span.")
  Duration sessionScanInterval;

  @Option(
      names = "--processor.max-tag-value-length",
      defaultValue = "4096",
      description = "Longer tag values are truncated (and the span gets a warning).")
  int maxTagValueLength;

  @Option(
      names = "--processor.max-start-skew",
      defaultValue = "1h",
      description =
          "A span start time further than this from the record time is replaced by the record"
              + " time (and the span gets a warning).")
  Duration maxStartSkew;

  @Option(
      names = "--processor.metrics-bucket",
      defaultValue = "1m",
      description = "Bucket of the RED metrics on spanflow.span-metrics.")
  Duration metricsBucket;

  @Option(
      names = "--processor.metrics-grace",
      defaultValue = "1h",
      description = "How late (span start time) a span still counts in its metrics bucket.")
  Duration metricsGrace;

  @Option(
      names = "--processor.dependency-bucket",
      defaultValue = "1m",
      description = "Bucket of the call counts on spanflow.dependency-links.")
  Duration dependencyBucket;

  @Option(
      names = "--processor.dependency-grace",
      defaultValue = "1h",
      description = "How late (span start time) an edge still counts in its bucket.")
  Duration dependencyGrace;

  @Option(
      names = "--processor.state-dir",
      defaultValue = "/tmp/spanflow-stream-processor",
      description = "Directory of the RocksDB state stores.")
  String stateDir;

  @Option(
      names = "--processor.num-stream-threads",
      defaultValue = "1",
      description = "Kafka Streams threads in this instance.")
  int streamThreads;

  @Option(
      names = "--processor.replication-factor",
      defaultValue = "-1",
      description = "Replication factor of internal topics; -1 = the broker's default.")
  int replicationFactor;

  @Option(
      names = "--processor.commit-interval",
      defaultValue = "1s",
      description =
          "How often outputs, state and offsets commit (derived records become visible to"
              + " read_committed readers then). Kafka Streams' exactly-once default is 100ms.")
  Duration commitInterval;

  @Option(
      names = "--kafka.producer.max-in-flight",
      defaultValue = "1",
      description =
          "Produce requests in flight per broker (1..5). 1 avoids a broker bug that wedges a"
              + " producer writing to a just-created internal topic (see the README, Guarantees).")
  int producerMaxInFlight;

  @Option(
      names = "--es.index-date-separator",
      defaultValue = "-",
      description =
          "Separator of the date in index names put in the spanflow.index header (the es-sink"
              + " adds --es.index-prefix).")
  String indexDateSeparator;

  public AdminOptions admin() {
    return admin;
  }

  /** The validated config; throws IllegalArgumentException naming a bad value. */
  public ProcessorConfig.Builder toConfig() {
    return ProcessorConfig.builder()
        .bootstrapServers(brokers)
        .inputTopic(topic)
        .otlpTopic(otlpTopic)
        .dlqTopic(dlqTopic)
        .indexedTopic(indexedTopic)
        .serviceOperationsTopic(serviceOperationsTopic)
        .dependencyLinksTopic(dependencyLinksTopic)
        .spanMetricsTopic(spanMetricsTopic)
        .applicationId(applicationId)
        .processingGuarantee(guarantee)
        .dedupeRetention(dedupeRetention)
        .traceInactivityGap(traceInactivityGap)
        .traceRetention(traceRetention)
        .sessionScanInterval(sessionScanInterval)
        .maxTagValueLength(maxTagValueLength)
        .maxStartSkew(maxStartSkew)
        .metricsBucket(metricsBucket)
        .metricsGrace(metricsGrace)
        .dependencyBucket(dependencyBucket)
        .dependencyGrace(dependencyGrace)
        .stateDir(stateDir)
        .streamThreads(streamThreads)
        .replicationFactor(replicationFactor)
        .producerMaxInFlight(producerMaxInFlight)
        .commitInterval(commitInterval)
        .esIndexDateSeparator(indexDateSeparator);
  }
}
