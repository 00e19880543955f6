package io.spanflow.processor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.json.JsonSerde;
import io.spanflow.processor.observe.ProcessorMetrics;
import io.spanflow.processor.topology.SpanflowTopology;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.ids.TraceIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The production topology in a TopologyTestDriver, with typed access to every topic. */
public final class TopologyHarness implements AutoCloseable {

  /** Wall clock and record time start here; tests move them explicitly. */
  public static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

  public final ProcessorConfig config;
  public final ProcessorMetrics metrics = ProcessorMetrics.noop();
  public final TopologyTestDriver driver;
  public final TestInputTopic<byte[], byte[]> spans;

  /** The OTLP input, when the config names one. */
  public final TestInputTopic<byte[], byte[]> otlp;

  public final TestOutputTopic<byte[], byte[]> dlq;
  public final TestOutputTopic<String, byte[]> indexed;
  public final TestOutputTopic<String, String> serviceOperations;
  public final TestOutputTopic<String, String> dependencyLinks;
  public final TestOutputTopic<String, String> spanMetrics;

  public TopologyHarness(Path stateDir) {
    this(stateDir, b -> b);
  }

  public TopologyHarness(Path stateDir, UnaryOperator<ProcessorConfig.Builder> custom) {
    this.config =
        custom
            .apply(
                ProcessorConfig.builder()
                    .applicationId("test-processor")
                    .bootstrapServers("127.0.0.1:1")
                    .stateDir(stateDir.toString())
                    .metrics(metrics))
            .build();
    Properties props = config.streamsProperties();
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    driver = new TopologyTestDriver(SpanflowTopology.build(config), props, T0);
    ByteArraySerializer bytes = new ByteArraySerializer();
    spans = driver.createInputTopic(config.inputTopic(), bytes, bytes, T0, Duration.ZERO);
    otlp =
        config
            .otlpTopic()
            .map(t -> driver.createInputTopic(t, bytes, bytes, T0, Duration.ZERO))
            .orElse(null);
    ByteArrayDeserializer rawOut = new ByteArrayDeserializer();
    StringDeserializer text = new StringDeserializer();
    dlq = driver.createOutputTopic(config.dlqTopic(), rawOut, rawOut);
    indexed = driver.createOutputTopic(config.indexedTopic(), text, rawOut);
    serviceOperations = driver.createOutputTopic(config.serviceOperationsTopic(), text, text);
    dependencyLinks = driver.createOutputTopic(config.dependencyLinksTopic(), text, text);
    spanMetrics = driver.createOutputTopic(config.spanMetricsTopic(), text, text);
  }

  /** Pipes a span keyed by its trace id (as the collector writes it) at record time {@code t}. */
  public void send(Span span, Instant t) {
    send(TraceIds.toHex(span.getTraceId()).getBytes(StandardCharsets.UTF_8), span.toByteArray(), t);
  }

  /** Pipes a span without a key (as Jaeger v2 and OTel collectors write it). */
  public void sendUnkeyed(Span span, Instant t) {
    send(null, span.toByteArray(), t);
  }

  public void send(byte[] key, byte[] value, Instant t) {
    send(key, value, new RecordHeaders(), t);
  }

  public void send(byte[] key, byte[] value, Headers headers, Instant t) {
    spans.pipeInput(new TestRecord<>(key, value, headers, t));
  }

  public void advanceWallClock(Duration d) {
    driver.advanceWallClockTime(d);
  }

  public static JsonNode json(String text) {
    try {
      return JsonSerde.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode json(byte[] bytes) {
    try {
      return JsonSerde.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<JsonNode> readJson(TestOutputTopic<String, String> topic) {
    return topic.readValuesToList().stream().map(TopologyHarness::json).toList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
