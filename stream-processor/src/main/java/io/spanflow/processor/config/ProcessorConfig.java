package io.spanflow.processor.config;

import io.spanflow.processor.observe.ProcessorMetrics;
import io.spanflow.schemas.es.IndexDateLayout;
import io.spanflow.schemas.kafka.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the topology and its runner need, validated once. Built with {@link #builder()}; every
 * knob has a documented default, so a test sets only what it exercises.
 */
public final class ProcessorConfig {

  /** Streams config key under which the {@link ProcessorMetrics} instance reaches the handlers. */
  public static final String METRICS_CONFIG_KEY = "spanflow.processor.metrics";

  /** Streams config key under which the DLQ topic name reaches the exception handlers. */
  public static final String DLQ_TOPIC_CONFIG_KEY = "spanflow.processor.dlq-topic";

  private final String applicationId;
  private final String bootstrapServers;
  private final String inputTopic;
  private final String otlpTopic;
  private final String dlqTopic;
  private final String indexedTopic;
  private final String serviceOperationsTopic;
  private final String dependencyLinksTopic;
  private final String spanMetricsTopic;
  private final String processingGuarantee;
  private final Duration dedupeRetention;
  private final Duration traceInactivityGap;
  private final Duration traceRetention;
  private final Duration sessionScanInterval;
  private final int maxTagValueLength;
  private final Duration maxStartSkew;
  private final String esIndexDateSeparator;
  private final Duration metricsBucket;
  private final Duration metricsGrace;
  private final Duration dependencyBucket;
  private final Duration dependencyGrace;
  private final String stateDir;
  private final int streamThreads;
  private final int replicationFactor;
  private final int producerMaxInFlight;
  private final Duration commitInterval;
  private final Map<String, Object> streamsOverrides;
  private final ProcessorMetrics metrics;

  private ProcessorConfig(Builder b) {
    this.applicationId = b.applicationId;
    this.bootstrapServers = b.bootstrapServers;
    this.inputTopic = b.inputTopic;
    this.otlpTopic = b.otlpTopic;
    this.dlqTopic = b.dlqTopic;
    this.indexedTopic = b.indexedTopic;
    this.serviceOperationsTopic = b.serviceOperationsTopic;
    this.dependencyLinksTopic = b.dependencyLinksTopic;
    this.spanMetricsTopic = b.spanMetricsTopic;
    this.processingGuarantee = b.processingGuarantee;
    this.dedupeRetention = b.dedupeRetention;
    this.traceInactivityGap = b.traceInactivityGap;
    this.traceRetention = b.traceRetention;
    this.sessionScanInterval = b.sessionScanInterval;
    this.maxTagValueLength = b.maxTagValueLength;
    this.maxStartSkew = b.maxStartSkew;
    this.esIndexDateSeparator = b.esIndexDateSeparator;
    this.metricsBucket = b.metricsBucket;
    this.metricsGrace = b.metricsGrace;
    this.dependencyBucket = b.dependencyBucket;
    this.dependencyGrace = b.dependencyGrace;
    this.stateDir = b.stateDir;
    this.streamThreads = b.streamThreads;
    this.replicationFactor = b.replicationFactor;
    this.producerMaxInFlight = b.producerMaxInFlight;
    this.commitInterval = b.commitInterval;
    this.streamsOverrides = Map.copyOf(b.streamsOverrides);
    this.metrics = b.metrics != null ? b.metrics : ProcessorMetrics.noop();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The Kafka Streams properties for this config (also what tests hand TopologyTestDriver). */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    // Streams commits every 100 ms under exactly-once by default. Each commit ends a transaction
    // and flushes the record caches, so the metrics and dependency aggregates send (and log) an
    // update per span instead of one per key and commit; edges wait for the trace gap anyway.
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
    if (stateDir != null) {
      p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    }
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        io.spanflow.processor.errors.DlqDeserializationExceptionHandler.class);
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        io.spanflow.processor.errors.DlqProcessingExceptionHandler.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.put(METRICS_CONFIG_KEY, metrics);
    p.put(DLQ_TOPIC_CONFIG_KEY, dlqTopic);
    // A new application reads the span topic from its beginning, as Jaeger's ingester does.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "zstd");
    // One produce request in flight per broker. Streams writes to changelog and repartition
    // topics right after creating them; with several requests in flight, the first can fail with
    // NOT_LEADER_OR_FOLLOWER while the broker is still applying the new partition, the second is
    // accepted as the partition's first write, and the retried first then fails with
    // OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout (a race in the broker; seen
    // with the 4.3.1 broker here). With one in flight nothing can overtake the failed request.
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION),
        producerMaxInFlight);
    p.putAll(streamsOverrides);
    return p;
  }

  public String applicationId() {
    return applicationId;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String inputTopic() {
    return inputTopic;
  }

  /** The optional OTLP (otlp_proto) input topic. */
  public Optional<String> otlpTopic() {
    return Optional.ofNullable(otlpTopic);
  }

  public String dlqTopic() {
    return dlqTopic;
  }

  public String indexedTopic() {
    return indexedTopic;
  }

  public String serviceOperationsTopic() {
    return serviceOperationsTopic;
  }

  public String dependencyLinksTopic() {
    return dependencyLinksTopic;
  }

  public String spanMetricsTopic() {
    return spanMetricsTopic;
  }

  public String processingGuarantee() {
    return processingGuarantee;
  }

  public Duration dedupeRetention() {
    return dedupeRetention;
  }

  public Duration traceInactivityGap() {
    return traceInactivityGap;
  }

  public Duration traceRetention() {
    return traceRetention;
  }

  public Duration sessionScanInterval() {
    return sessionScanInterval;
  }

  public int maxTagValueLength() {
    return maxTagValueLength;
  }

  public Duration maxStartSkew() {
    return maxStartSkew;
  }

  /** The date part of index names in the {@code spanflow.index} header. */
  public IndexDateLayout indexDateLayout() {
    return IndexDateLayout.daily(esIndexDateSeparator);
  }

  public Duration metricsBucket() {
    return metricsBucket;
  }

  public Duration metricsGrace() {
    return metricsGrace;
  }

  public Duration dependencyBucket() {
    return dependencyBucket;
  }

  public Duration dependencyGrace() {
    return dependencyGrace;
  }

  public int streamThreads() {
    return streamThreads;
  }

  public Duration commitInterval() {
    return commitInterval;
  }

  public int producerMaxInFlight() {
    return producerMaxInFlight;
  }

  public ProcessorMetrics metrics() {
    return metrics;
  }

  @Override
  public String toString() {
    return "ProcessorConfig{applicationId="
        + applicationId
        + ", bootstrapServers="
        + bootstrapServers
        + ", inputTopic="
        + inputTopic
        + ", otlpTopic="
        + otlpTopic
        + ", guarantee="
        + processingGuarantee
        + ", dedupeRetention="
        + dedupeRetention
        + ", traceInactivityGap="
        + traceInactivityGap
        + ", traceRetention="
        + traceRetention
        + ", maxTagValueLength="
        + maxTagValueLength
        + ", maxStartSkew="
        + maxStartSkew
        + ", esIndexDateSeparator="
        + esIndexDateSeparator
        + ", metricsBucket="
        + metricsBucket
        + ", dependencyBucket="
        + dependencyBucket
        + ", stateDir="
        + stateDir
        + ", commitInterval="
        + commitInterval
        + ", producerMaxInFlight="
        + producerMaxInFlight
        + ", streamsOverrides="
        + streamsOverrides
        + "}";
  }

  /** Builder; each setter validates its argument. */
  public static final class Builder {
    private String applicationId = "spanflow-stream-processor";
    private String bootstrapServers = "127.0.0.1:9092";
    private String inputTopic = Topics.JAEGER_SPANS;
    private String otlpTopic;
    private String dlqTopic = Topics.SPANS_DLQ;
    private String indexedTopic = Topics.SPANS_INDEXED;
    private String serviceOperationsTopic = Topics.SERVICE_OPERATIONS;
    private String dependencyLinksTopic = Topics.DEPENDENCY_LINKS;
    private String spanMetricsTopic = Topics.SPAN_METRICS;
    private String processingGuarantee = StreamsConfig.EXACTLY_ONCE_V2;
    private Duration dedupeRetention = Duration.ofHours(1);
    private Duration traceInactivityGap = Duration.ofSeconds(30);
    private Duration traceRetention = Duration.ofMinutes(10);
    private Duration sessionScanInterval = Duration.ofSeconds(5);
    private int maxTagValueLength = 4096;
    private Duration maxStartSkew = Duration.ofHours(1);
    private String esIndexDateSeparator = "-";
    private Duration metricsBucket = Duration.ofMinutes(1);
    private Duration metricsGrace = Duration.ofHours(1);
    private Duration dependencyBucket = Duration.ofMinutes(1);
    private Duration dependencyGrace = Duration.ofHours(1);
    private String stateDir;
    private int streamThreads = 1;
    private int replicationFactor = -1;
    private int producerMaxInFlight = 1;
    private Duration commitInterval = Duration.ofSeconds(1);
    private final Map<String, Object> streamsOverrides = new LinkedHashMap<>();
    private ProcessorMetrics metrics;

    private Builder() {}

    public Builder applicationId(String v) {
      this.applicationId = nonBlank(v, "applicationId");
      return this;
    }

    public Builder bootstrapServers(String v) {
      this.bootstrapServers = nonBlank(v, "bootstrapServers");
      return this;
    }

    /** Default {@code jaeger-spans}. */
    public Builder inputTopic(String v) {
      this.inputTopic = nonBlank(v, "inputTopic");
      return this;
    }

    /** Default none; null or blank disables the OTLP input. */
    public Builder otlpTopic(String v) {
      this.otlpTopic = v == null || v.isBlank() ? null : v;
      return this;
    }

    public Builder dlqTopic(String v) {
      this.dlqTopic = nonBlank(v, "dlqTopic");
      return this;
    }

    public Builder indexedTopic(String v) {
      this.indexedTopic = nonBlank(v, "indexedTopic");
      return this;
    }

    public Builder serviceOperationsTopic(String v) {
      this.serviceOperationsTopic = nonBlank(v, "serviceOperationsTopic");
      return this;
    }

    public Builder dependencyLinksTopic(String v) {
      this.dependencyLinksTopic = nonBlank(v, "dependencyLinksTopic");
      return this;
    }

    public Builder spanMetricsTopic(String v) {
      this.spanMetricsTopic = nonBlank(v, "spanMetricsTopic");
      return this;
    }

    /** Default {@code exactly_once_v2}; {@code at_least_once} is the other choice. */
    public Builder processingGuarantee(String v) {
      if (!StreamsConfig.EXACTLY_ONCE_V2.equals(v) && !StreamsConfig.AT_LEAST_ONCE.equals(v)) {
        throw new IllegalArgumentException(
            "processingGuarantee must be exactly_once_v2 or at_least_once: " + v);
      }
      this.processingGuarantee = v;
      return this;
    }

    /** How long a delivered span is remembered to drop its copies. Default 1h. */
    public Builder dedupeRetention(Duration v) {
      this.dedupeRetention = positive(v, "dedupeRetention");
      return this;
    }

    /** A trace's session closes after this long without a new span. Default 30s. */
    public Builder traceInactivityGap(Duration v) {
      this.traceInactivityGap = positive(v, "traceInactivityGap");
      return this;
    }

    /** How long a closed trace is kept so that late spans still link to it. Default 10m. */
    public Builder traceRetention(Duration v) {
      this.traceRetention = positive(v, "traceRetention");
      return this;
    }

    /** How often closed sessions are looked for (wall clock). Default 5s. */
    public Builder sessionScanInterval(Duration v) {
      this.sessionScanInterval = positive(v, "sessionScanInterval");
      return this;
    }

    /** Longer tag values are truncated to this many characters. Default 4096. */
    public Builder maxTagValueLength(int v) {
      if (v < 16) {
        throw new IllegalArgumentException("maxTagValueLength must be >= 16: " + v);
      }
      this.maxTagValueLength = v;
      return this;
    }

    /** A start time further than this from the record time is replaced. Default 1h. */
    public Builder maxStartSkew(Duration v) {
      this.maxStartSkew = positive(v, "maxStartSkew");
      return this;
    }

    /** Jaeger's {@code --es.index-date-separator}; default "-". */
    public Builder esIndexDateSeparator(String v) {
      this.esIndexDateSeparator = Objects.requireNonNull(v, "esIndexDateSeparator");
      return this;
    }

    public Builder metricsBucket(Duration v) {
      this.metricsBucket = positive(v, "metricsBucket");
      return this;
    }

    /** How late (in span time) a span may arrive and still count in its metrics bucket. */
    public Builder metricsGrace(Duration v) {
      this.metricsGrace = nonNegative(v, "metricsGrace");
      return this;
    }

    public Builder dependencyBucket(Duration v) {
      this.dependencyBucket = positive(v, "dependencyBucket");
      return this;
    }

    public Builder dependencyGrace(Duration v) {
      this.dependencyGrace = nonNegative(v, "dependencyGrace");
      return this;
    }

    public Builder stateDir(String v) {
      this.stateDir = v == null || v.isBlank() ? null : v;
      return this;
    }

    public Builder streamThreads(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("streamThreads must be >= 1: " + v);
      }
      this.streamThreads = v;
      return this;
    }

    /** Replication factor of internal topics; -1 = the broker's default. */
    public Builder replicationFactor(int v) {
      if (v == 0 || v < -1) {
        throw new IllegalArgumentException("replicationFactor must be -1 or >= 1: " + v);
      }
      this.replicationFactor = v;
      return this;
    }

    /**
     * How often outputs, state and offsets are committed (under exactly-once, when derived records
     * become visible to read_committed readers). Default 1s.
     */
    public Builder commitInterval(Duration v) {
      this.commitInterval = positive(v, "commitInterval");
      return this;
    }

    /**
     * Produce requests in flight per broker for the Streams producer, 1 to 5. Default 1: see {@link
     * ProcessorConfig#streamsProperties()} for why.
     */
    public Builder producerMaxInFlight(int v) {
      if (v < 1 || v > 5) {
        throw new IllegalArgumentException("producerMaxInFlight must be 1..5: " + v);
      }
      this.producerMaxInFlight = v;
      return this;
    }

    /**
     * Any Kafka Streams (or prefixed client) property, applied last; e.g. a consumer session
     * timeout or a client id. For tests and tuning; the options above cover normal use.
     */
    public Builder streamsOverride(String key, Object value) {
      streamsOverrides.put(nonBlank(key, "streams property"), Objects.requireNonNull(value, key));
      return this;
    }

    public Builder metrics(ProcessorMetrics v) {
      this.metrics = Objects.requireNonNull(v, "metrics");
      return this;
    }

    public ProcessorConfig build() {
      if (traceRetention.compareTo(traceInactivityGap) < 0) {
        throw new IllegalArgumentException(
            "traceRetention (" + traceRetention + ") must be >= traceInactivityGap");
      }
      return new ProcessorConfig(this);
    }

    private static String nonBlank(String v, String name) {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return v;
    }

    private static Duration positive(Duration v, String name) {
      if (v == null || v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + v);
      }
      return v;
    }

    private static Duration nonNegative(Duration v, String name) {
      if (v == null || v.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + v);
      }
      return v;
    }
  }
}
