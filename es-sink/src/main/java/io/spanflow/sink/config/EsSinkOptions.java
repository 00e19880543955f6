package io.spanflow.sink.config;

import io.spanflow.runtime.config.AdminOptions;
import io.spanflow.schemas.es.IndexTemplates;
import io.spanflow.schemas.kafka.Topics;
import io.spanflow.sink.bulk.BulkSettings;
import io.spanflow.sink.consume.SinkTopics;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of {@code spanflow-es-sink}; names follow Jaeger's ES storage and ingester flags. */
@Command(
    name = "spanflow-es-sink",
    mixinStandardHelpOptions = true,
    description = {
      "Bulk-loads the derived topics into Elasticsearch.",
      "Other commands (each has --help):",
      "  spanflow-es-sink cleaner --days N [--rollover]   delete indices older than N days",
      "  spanflow-es-sink rollover init                   create <family>-000001 and its aliases",
      "  spanflow-es-sink rollover rollover [--conditions JSON]   roll the write aliases over",
      "  spanflow-es-sink rollover lookback [--unit days --unit-count N]   trim the read aliases"
    })
public final class EsSinkOptions {

  /** Jaeger's ingester admin port is 14270. */
  public static final int ADMIN_PORT = 14270;

  @Mixin public EsOptions es = new EsOptions();

  @Mixin public AdminOptions admin = new AdminOptions(ADMIN_PORT);

  @Option(
      names = "--es.bulk.size",
      defaultValue = "5000000",
      description = "Flush a bulk at this many bytes. Default: ${DEFAULT-VALUE}.")
  long bulkSize;

  @Option(
      names = "--es.bulk.actions",
      defaultValue = "1000",
      description = "Flush a bulk at this many documents. Default: ${DEFAULT-VALUE}.")
  int bulkActions;

  @Option(
      names = "--es.bulk.flush-interval",
      defaultValue = "200ms",
      description = "Flush a non-empty bulk after this long. Default: ${DEFAULT-VALUE}.")
  Duration bulkFlushInterval;

  @Option(
      names = "--es.bulk.workers",
      defaultValue = "1",
      description =
          "Concurrent bulk requests (partitions are spread over them). Default: ${DEFAULT-VALUE}.")
  int bulkWorkers;

  @Option(
      names = "--es.bulk.max-retry-backoff",
      defaultValue = "30s",
      description = "Cap of the retry backoff; retries never stop. Default: ${DEFAULT-VALUE}.")
  Duration maxRetryBackoff;

  @Option(
      names = "--es.num-shards",
      defaultValue = "5",
      description = "Shards per index (in the templates). Default: ${DEFAULT-VALUE}.")
  int numShards;

  @Option(
      names = "--es.num-replicas",
      defaultValue = "1",
      description = "Replicas per index (in the templates). Default: ${DEFAULT-VALUE}.")
  int numReplicas;

  @Option(
      names = "--es.create-index-templates",
      defaultValue = "true",
      negatable = true,
      description = "Install the index templates at start. Default: ${DEFAULT-VALUE}.")
  boolean createTemplates;

  @Option(
      names = "--es.use-aliases",
      defaultValue = "false",
      description =
          "Rollover mode: write every document to '[prefix-]<family>-write' instead of the daily"
              + " index; at start the aliases are created when missing (as 'rollover init'), or,"
              + " with --es.create-index-templates=false, required. Default: ${DEFAULT-VALUE}.")
  boolean useAliases;

  @Option(
      names = "--kafka.consumer.brokers",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE}.")
  String brokers;

  @Option(
      names = "--kafka.consumer.group-id",
      defaultValue = "spanflow-es-sink",
      description = "Consumer group. Default: ${DEFAULT-VALUE}.")
  String groupId;

  @Option(
      names = "--kafka.consumer.topic",
      defaultValue = Topics.SPANS_INDEXED,
      description = "Topic of span documents. Default: ${DEFAULT-VALUE}.")
  String spansTopic;

  @Option(
      names = "--kafka.consumer.service-operations-topic",
      defaultValue = Topics.SERVICE_OPERATIONS,
      description = "Topic of service/operation entries. Default: ${DEFAULT-VALUE}.")
  String serviceOperationsTopic;

  @Option(
      names = "--kafka.consumer.dependency-links-topic",
      defaultValue = Topics.DEPENDENCY_LINKS,
      description = "Topic of dependency links. Default: ${DEFAULT-VALUE}.")
  String dependencyLinksTopic;

  @Option(
      names = "--kafka.consumer.span-metrics-topic",
      defaultValue = Topics.SPAN_METRICS,
      description = "Topic of span metrics. Default: ${DEFAULT-VALUE}.")
  String spanMetricsTopic;

  @Option(
      names = "--kafka.producer.dlq-topic",
      defaultValue = Topics.ES_DLQ,
      description =
          "Dead-letter topic for records Elasticsearch refuses. Default: ${DEFAULT-VALUE}.")
  String dlqTopic;

  public String brokers() {
    return brokers;
  }

  public String groupId() {
    return groupId;
  }

  public SinkTopics topics() {
    return new SinkTopics(
        spansTopic, serviceOperationsTopic, dependencyLinksTopic, spanMetricsTopic, dlqTopic);
  }

  public BulkSettings bulk() {
    return BulkSettings.defaults()
        .withActions(bulkActions)
        .withBytes(bulkSize)
        .withFlushInterval(bulkFlushInterval)
        .withWorkers(bulkWorkers)
        .withBackoff(Duration.ofMillis(100), maxRetryBackoff);
  }

  public IndexTemplates.Options templates() {
    return new IndexTemplates.Options(es.indexPrefix(), numShards, numReplicas, 0, useAliases);
  }

  public boolean useAliases() {
    return useAliases;
  }

  public boolean createTemplates() {
    return createTemplates;
  }
}
