package io.spanflow.collector.kafka;

import io.spanflow.collector.ingest.IngestException;
import io.spanflow.collector.ingest.Source;
import io.spanflow.collector.metrics.CollectorMetrics;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import io.spanflow.schemas.ids.TraceIds;
import io.spanflow.schemas.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes spans to Kafka, one protobuf {@code jaeger.api_v2.Span} (with its Process) per record,
 * keyed by the trace id in lowercase hex, with an idempotent acks=all producer. {@link #publish}
 * completes only after the broker acknowledged every span of the batch, so a protocol handler that
 * replies after it never acknowledges a span that is not in Kafka.
 *
 * <p>Refuses work instead of buffering it: over the in-flight budget it fails fast with {@code
 * OVERLOADED} (429), while Kafka is unreachable with {@code UNAVAILABLE} (503).
 */
public final class SpanPublisher implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(SpanPublisher.class);

  /** Header names on dead-letter records. */
  public static final String HEADER_REASON = "spanflow.dlq.reason";

  public static final String HEADER_DETAIL = "spanflow.dlq.detail";
  public static final String HEADER_FORMAT = "spanflow.dlq.source.format";
  public static final String HEADER_TRANSPORT = "spanflow.dlq.source.transport";
  public static final String HEADER_TRUNCATED = "spanflow.dlq.truncated";

  /**
   * Room for a record's key (trace id hex), varints and its batch header within {@code
   * max.request.size} (Kafka's upper bound is well under this).
   */
  static final int RECORD_OVERHEAD_BYTES = 256;

  /** Room for a dead letter's headers (the detail is cut at 4096 chars) besides its payload. */
  private static final int DEAD_LETTER_HEADROOM = 64 * 1024;

  private final Map<String, Object> producerConfig;
  private final String topic;
  private final String deadLetterTopic;
  private final long maxSpanBytes;
  private final int maxDeadLetterBytes;
  private final Duration closeTimeout;
  private final Duration probeInterval;
  private final Duration probeTimeout;
  private final long maxBacklog;
  private final String backlogGroup;
  private final Duration backlogInterval;
  private final CollectorMetrics metrics;
  private final InFlightBudget budget;
  private final Function<Map<String, Object>, Producer<String, byte[]>> producerFactory;

  private volatile Producer<String, byte[]> producer;
  private volatile KafkaReachability reachability;
  private volatile PipelineBacklog backlog;
  private volatile boolean closed;

  private SpanPublisher(Builder b) {
    this.producerConfig = Map.copyOf(b.producerConfig);
    this.topic = b.topic;
    this.deadLetterTopic = b.deadLetterTopic;
    // A span (or a dead letter) must fit one producer request, or Kafka refuses the record and
    // the whole request would fail: cap the limits below max.request.size.
    long maxRequest =
        ((Number) b.producerConfig.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576))
            .longValue();
    this.maxSpanBytes = Math.min(b.maxSpanBytes, Math.max(1, maxRequest - RECORD_OVERHEAD_BYTES));
    if (b.maxSpanBytes > maxRequest) {
      LOG.warn(
          "Span size limit {} is over what one Kafka request carries ({}): using {}",
          b.maxSpanBytes,
          maxRequest,
          maxSpanBytes);
    }
    this.maxDeadLetterBytes =
        (int) Math.min(b.maxDeadLetterBytes, Math.max(1024, maxRequest - DEAD_LETTER_HEADROOM));
    this.closeTimeout = b.closeTimeout;
    this.probeInterval = b.probeInterval;
    this.probeTimeout = b.probeTimeout;
    this.maxBacklog = b.maxBacklog;
    this.backlogGroup = b.backlogGroup;
    this.backlogInterval = b.backlogInterval;
    this.metrics = b.metrics;
    this.budget = new InFlightBudget(b.maxInFlightSpans, b.maxInFlightBytes);
    this.producerFactory = b.producerFactory;
    metrics.registerInFlight(budget::spans, budget::bytes);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "kafka-span-publisher";
  }

  @Override
  public void start() {
    Map<String, Object> config = new HashMap<>(producerConfig);
    // What the guarantee rests on; not overridable.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // The budget is what bounds memory; keep the producer's buffer above it so send() never
    // blocks a request thread waiting for buffer space.
    long buffer =
        Math.max(
            ((Number) config.getOrDefault(ProducerConfig.BUFFER_MEMORY_CONFIG, 33554432L))
                .longValue(),
            budget.maxBytes() * 2 + 16L * 1024 * 1024);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, buffer);
    producer = producerFactory.apply(config);
    if (probeInterval != null) {
      KafkaReachability probe =
          new KafkaReachability(
              adminConfig("spanflow-collector-probe"), probeInterval, probeTimeout);
      probe.start();
      reachability = probe;
    }
    if (maxBacklog > 0) {
      PipelineBacklog watch =
          new PipelineBacklog(
              adminConfig("spanflow-collector-backlog"),
              topic,
              backlogGroup,
              maxBacklog,
              backlogInterval,
              probeTimeout);
      watch.start();
      backlog = watch;
      metrics.registerBacklog(watch::backlog);
    }
    LOG.info("Publishing spans to topic {} (dead letters to {})", topic, deadLetterTopic);
  }

  /** The connection settings of the producer, for an admin client of our own. */
  private Map<String, Object> adminConfig(String clientId) {
    Map<String, Object> adminConfig = new HashMap<>();
    for (Map.Entry<String, Object> e : producerConfig.entrySet()) {
      String k = e.getKey();
      if (k.startsWith("bootstrap.")
          || k.startsWith("security.")
          || k.startsWith("sasl.")
          || k.startsWith("ssl.")
          || k.equals("client.dns.lookup")) {
        adminConfig.put(k, e.getValue());
      }
    }
    adminConfig.put("client.id", clientId);
    return adminConfig;
  }

  @Override
  public CheckResult check() {
    if (closed) {
      return CheckResult.failed("span publisher closed");
    }
    if (producer == null) {
      return CheckResult.failed("span publisher not started");
    }
    KafkaReachability probe = reachability;
    String failure = probe == null ? null : probe.failure();
    return failure == null ? CheckResult.ok() : CheckResult.failed(failure);
  }

  /**
   * The largest serialized span this publisher takes: the configured limit, capped so that a span
   * always fits one producer request. Callers reject larger spans one by one before {@link
   * #publish}.
   */
  public long maxSpanBytes() {
    return maxSpanBytes;
  }

  /** Spans in flight now (accepted, not yet acknowledged). */
  public long inFlightSpans() {
    return budget.spans();
  }

  /**
   * Publishes every span and completes when the broker acknowledged all of them, or exceptionally
   * with an {@link IngestException} saying how the client should react. A span over {@link
   * #maxSpanBytes()} fails the whole call with TOO_LARGE: callers that answer for a batch ({@link
   * io.spanflow.collector.ingest.SpanIntake}) take such spans out first and reject them alone.
   *
   * @param receivedNanos {@link System#nanoTime()} when the request arrived, for the in-queue
   *     latency histogram
   */
  public CompletableFuture<Void> publish(Source source, List<Span> spans, long receivedNanos) {
    if (spans.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Producer<String, byte[]> p = producer;
    if (closed || p == null) {
      return failed(source, IngestException.Kind.UNAVAILABLE, "collector is shutting down");
    }
    KafkaReachability probe = reachability;
    String failure = probe == null ? null : probe.failure();
    if (failure != null) {
      return failed(source, IngestException.Kind.UNAVAILABLE, failure);
    }
    PipelineBacklog watch = backlog;
    String overBacklog = watch == null ? null : watch.overLimit();
    if (overBacklog != null) {
      return failed(source, IngestException.Kind.OVERLOADED, overBacklog);
    }
    int n = spans.size();
    byte[][] values = new byte[n][];
    long totalBytes = 0;
    for (int i = 0; i < n; i++) {
      Span span = spans.get(i);
      byte[] value = span.toByteArray();
      if (value.length > maxSpanBytes) {
        return failed(
            source,
            IngestException.Kind.TOO_LARGE,
            "span "
                + TraceIds.spanIdToHex(span.getSpanId())
                + " is "
                + value.length
                + " bytes, over the span size limit of "
                + maxSpanBytes);
      }
      values[i] = value;
      totalBytes += value.length;
    }
    if (!budget.tryAcquire(n, totalBytes)) {
      return failed(
          source,
          IngestException.Kind.OVERLOADED,
          "collector busy: "
              + budget.spans()
              + " spans / "
              + budget.bytes()
              + " bytes in flight (limits "
              + budget.maxSpans()
              + " / "
              + budget.maxBytes()
              + "); retry later");
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(n);
    AtomicInteger acked = new AtomicInteger();
    AtomicReference<Exception> firstError = new AtomicReference<>();
    // Runs once every span has an outcome (done completes only when pending reaches 0).
    done.whenComplete((ok, error) -> metrics.spansSaved(source, acked.get(), n - acked.get()));
    long handedNanos = 0;
    for (int i = 0; i < n; i++) {
      Span span = spans.get(i);
      long size = values[i].length;
      String service = span.getProcess().getServiceName();
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(topic, TraceIds.toHex(span.getTraceId()), values[i]);
      try {
        p.send(
            record,
            (metadata, error) -> {
              budget.release(1, size);
              metrics.spanSaved(service, error == null);
              if (error == null) {
                acked.incrementAndGet();
              } else {
                firstError.compareAndSet(null, error);
              }
              if (pending.decrementAndGet() == 0) {
                finish(done, firstError.get());
              }
            });
      } catch (RuntimeException e) {
        // The rest of the batch was never handed over: give its budget back and fail the batch.
        long unsentBytes = 0;
        for (int j = i; j < n; j++) {
          unsentBytes += values[j].length;
          metrics.spanSaved(spans.get(j).getProcess().getServiceName(), false);
        }
        budget.release(n - i, unsentBytes);
        firstError.compareAndSet(null, e);
        if (pending.addAndGet(-(n - i)) == 0) {
          finish(done, firstError.get());
        }
        break;
      }
      if (i == n - 1) {
        handedNanos = System.nanoTime();
      }
    }
    if (handedNanos != 0) {
      long handed = handedNanos;
      metrics.inQueueLatency(Duration.ofNanos(handed - receivedNanos));
      done.whenComplete(
          (ok, error) -> metrics.saveLatency(Duration.ofNanos(System.nanoTime() - handed)));
    }
    return done;
  }

  /**
   * Writes rejected inputs to the dead-letter topic with their reason in headers. Never fails the
   * request that carried them: a failure here is logged and counted.
   */
  public CompletableFuture<Void> deadLetter(List<DeadLetter> letters) {
    Producer<String, byte[]> p = producer;
    if (letters.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (p == null || closed) {
      letters.forEach(l -> metrics.deadLetter(l.reason(), false));
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(letters.size());
    for (DeadLetter letter : letters) {
      byte[] payload = letter.payload();
      RecordHeaders headers = new RecordHeaders();
      headers.add(HEADER_REASON, utf8(letter.reason()));
      headers.add(HEADER_DETAIL, utf8(truncate(letter.detail(), 4096)));
      headers.add(HEADER_FORMAT, utf8(letter.source().format()));
      headers.add(HEADER_TRANSPORT, utf8(letter.source().transport()));
      if (payload.length > maxDeadLetterBytes) {
        payload = java.util.Arrays.copyOf(payload, maxDeadLetterBytes);
        headers.add(HEADER_TRUNCATED, utf8(Integer.toString(letter.payload().length)));
      }
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(deadLetterTopic, null, null, letter.reason(), payload, headers);
      try {
        p.send(
            record,
            (metadata, error) -> {
              metrics.deadLetter(letter.reason(), error == null);
              if (error != null) {
                LOG.warn("Dead letter ({}) not written: {}", letter.reason(), error.toString());
              }
              if (pending.decrementAndGet() == 0) {
                done.complete(null);
              }
            });
      } catch (RuntimeException e) {
        metrics.deadLetter(letter.reason(), false);
        LOG.warn("Dead letter ({}) not written: {}", letter.reason(), e.toString());
        if (pending.decrementAndGet() == 0) {
          done.complete(null);
        }
      }
    }
    return done;
  }

  private void finish(CompletableFuture<Void> done, Exception error) {
    if (error == null) {
      done.complete(null);
      return;
    }
    if (error instanceof RecordTooLargeException) {
      done.completeExceptionally(
          new IngestException(
              IngestException.Kind.TOO_LARGE, "a span is over Kafka's record size limit", error));
      return;
    }
    if (error instanceof TimeoutException) {
      KafkaReachability probe = reachability;
      if (probe != null) {
        probe.markUnreachable("Kafka did not acknowledge in time: " + error.getMessage());
      }
    }
    done.completeExceptionally(
        new IngestException(
            IngestException.Kind.UNAVAILABLE,
            "spans not acknowledged by Kafka: " + error.getMessage(),
            error));
  }

  private CompletableFuture<Void> failed(Source source, IngestException.Kind kind, String message) {
    metrics.requestRefused(source, Integer.toString(kind.httpStatus()));
    return CompletableFuture.failedFuture(new IngestException(kind, message));
  }

  /** Stops accepting, waits for in-flight spans to be acknowledged, then closes the producer. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Producer<String, byte[]> p = producer;
    if (p != null) {
      try {
        p.flush();
      } catch (RuntimeException e) {
        LOG.warn("Flushing the producer failed", e);
      }
      p.close(closeTimeout);
    }
    KafkaReachability probe = reachability;
    if (probe != null) {
      probe.close();
    }
    PipelineBacklog watch = backlog;
    if (watch != null) {
      watch.close();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  /** Settings for {@link SpanPublisher}; defaults match the command-line defaults. */
  public static final class Builder {
    private final Map<String, Object> producerConfig = new HashMap<>();
    private String topic = Topics.JAEGER_SPANS;
    private String deadLetterTopic = Topics.SPANS_DLQ;
    private long maxInFlightSpans = 100_000;
    private long maxInFlightBytes = 64L * 1024 * 1024;
    private long maxSpanBytes = 1_000_000;
    private int maxDeadLetterBytes = 900_000;
    private Duration closeTimeout = Duration.ofSeconds(30);
    private Duration probeInterval = Duration.ofSeconds(5);
    private Duration probeTimeout = Duration.ofSeconds(3);
    private long maxBacklog;
    private String backlogGroup = "spanflow-stream-processor";
    private Duration backlogInterval = Duration.ofSeconds(2);
    private CollectorMetrics metrics;
    private Function<Map<String, Object>, Producer<String, byte[]>> producerFactory =
        KafkaProducer::new;

    private Builder() {
      producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
      producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
      producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "spanflow-collector");
    }

    /** Producer settings (bootstrap servers, compression, batching, TLS/SASL). */
    public Builder producerConfig(Map<String, ?> config) {
      producerConfig.putAll(Objects.requireNonNull(config, "config"));
      return this;
    }

    public Builder topic(String topic) {
      this.topic = requireNonEmpty(topic, "topic");
      return this;
    }

    public Builder deadLetterTopic(String topic) {
      this.deadLetterTopic = requireNonEmpty(topic, "deadLetterTopic");
      return this;
    }

    /** Spans handed to Kafka but not yet acknowledged, at most; default 100,000. */
    public Builder maxInFlightSpans(long spans) {
      this.maxInFlightSpans = requirePositive(spans, "maxInFlightSpans");
      return this;
    }

    /** Serialized bytes in flight, at most; default 64 MiB. */
    public Builder maxInFlightBytes(long bytes) {
      this.maxInFlightBytes = requirePositive(bytes, "maxInFlightBytes");
      return this;
    }

    /** A single span's serialized size, at most; default 1,000,000 (Kafka's record limit). */
    public Builder maxSpanBytes(long bytes) {
      this.maxSpanBytes = requirePositive(bytes, "maxSpanBytes");
      return this;
    }

    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = Objects.requireNonNull(timeout, "closeTimeout");
      return this;
    }

    /** How often to probe Kafka's reachability; null disables the probe (unit tests). */
    public Builder reachabilityProbe(Duration interval, Duration timeout) {
      this.probeInterval = interval;
      this.probeTimeout = timeout;
      return this;
    }

    /**
     * Answers 429 / RESOURCE_EXHAUSTED while {@code group} has more than {@code maxSpans} records
     * of the span topic left to process, measured every {@code interval}; 0 turns the limit off
     * (the default).
     */
    public Builder maxBacklog(long maxSpans, String group, Duration interval) {
      if (maxSpans < 0) {
        throw new IllegalArgumentException("maxBacklog must not be negative: " + maxSpans);
      }
      this.maxBacklog = maxSpans;
      this.backlogGroup = requireNonEmpty(group, "backlog group");
      this.backlogInterval = Objects.requireNonNull(interval, "backlog interval");
      return this;
    }

    public Builder metrics(CollectorMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Replaces the producer, for tests with Kafka's {@code MockProducer}. */
    public Builder producerFactory(Function<Map<String, Object>, Producer<String, byte[]>> f) {
      this.producerFactory = Objects.requireNonNull(f, "producerFactory");
      return this;
    }

    public SpanPublisher build() {
      Objects.requireNonNull(metrics, "metrics");
      return new SpanPublisher(this);
    }

    private static String requireNonEmpty(String s, String what) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(what + " must not be empty");
      }
      return s;
    }

    private static long requirePositive(long v, String what) {
      if (v <= 0) {
        throw new IllegalArgumentException(what + " must be positive, was " + v);
      }
      return v;
    }
  }
}
