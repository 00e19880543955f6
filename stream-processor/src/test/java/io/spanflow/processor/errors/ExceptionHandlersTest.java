package io.spanflow.processor.errors;

import static io.spanflow.processor.testing.TestSpans.span;
import static io.spanflow.processor.testing.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.observe.ProcessorMetrics;
import io.spanflow.processor.testing.TopologyHarness;
import io.spanflow.processor.validate.DlqHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exception handlers the config installs: bad data is dead-lettered and counted. */
class ExceptionHandlersTest {

  @TempDir Path stateDir;

  @Test
  void processingError_deadLettersTheSourceRecordAndContinues() {
    ProcessorMetrics metrics = ProcessorMetrics.noop();
    ProcessorConfig config =
        ProcessorConfig.builder().stateDir(stateDir.toString()).metrics(metrics).build();
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .mapValues(
            v -> {
              if (v.equals("boom")) {
                throw new IllegalStateException("stage failed");
              }
              return v.toUpperCase();
            })
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
    Properties props = config.streamsProperties();
    try (TopologyTestDriver driver = new TopologyTestDriver(b.build(), props, T0)) {
      TestInputTopic<String, String> in =
          driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
      TestOutputTopic<String, String> out =
          driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
      TestOutputTopic<byte[], byte[]> dlq =
          driver.createOutputTopic(
              config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());

      in.pipeInput("k1", "boom");
      in.pipeInput("k2", "fine");

      TestRecord<byte[], byte[]> dead = dlq.readRecord();
      assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
      assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("boom");
      assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.REASON)).isEqualTo("processing_error");
      assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_TOPIC)).isEqualTo("in");
      assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.DETAIL)).contains("stage failed");
      assertThat(out.readValue()).isEqualTo("FINE");
      assertThat(metrics.dlqCount("processing_error")).isEqualTo(1);
    }
  }

  @Test
  void undeserializableRecordOnAnInternalTopic_isCountedAndTheAppGoesOn() {
    try (TopologyHarness h = new TopologyHarness(stateDir)) {
      TestInputTopic<byte[], byte[]> repartition =
          h.driver.createInputTopic(
              "test-processor-span-by-trace-id-repartition",
              new ByteArraySerializer(),
              new ByteArraySerializer());
      repartition.pipeInput(
          "k".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, 0x00, 0x13});
      h.send(span(1, 1).start(T0).build(), T0);

      assertThat(h.metrics.dlqCount("deserialization_error")).isEqualTo(1);
      assertThat(h.indexed.getQueueSize()).isEqualTo(1);
      // TopologyTestDriver does not produce a deserialization handler's DLQ records; the
      // record the handler hands to Kafka Streams is checked below.
    }
  }

  @Test
  void deserializationHandler_returnsTheRawRecordWithDlqHeaders() {
    ProcessorMetrics metrics = ProcessorMetrics.noop();
    DlqDeserializationExceptionHandler handler = new DlqDeserializationExceptionHandler();
    handler.configure(
        Map.of(
            ProcessorConfig.DLQ_TOPIC_CONFIG_KEY,
            "dead",
            ProcessorConfig.METRICS_CONFIG_KEY,
            metrics));
    byte[] key = {1};
    byte[] value = {2, 3};
    RecordHeaders original = new RecordHeaders();
    original.add("h", new byte[] {4});
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("topic-a", 3, 42L, key, value);
    var response =
        handler.handleError(
            new FakeContext("topic-a", 3, 42L, original),
            record,
            new SerializationException("bad"));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
    assertThat(dead.topic()).isEqualTo("dead");
    assertThat(dead.key()).isEqualTo(key);
    assertThat(dead.value()).isEqualTo(value);
    assertThat(DlqHeaders.text(dead.headers(), "h")).isEqualTo("\u0004");
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.REASON))
        .isEqualTo("deserialization_error");
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_TOPIC)).isEqualTo("topic-a");
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_PARTITION)).isEqualTo("3");
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_OFFSET)).isEqualTo("42");
    assertThat(metrics.dlqCount("deserialization_error")).isEqualTo(1);
  }

  private record FakeContext(String topic, int partition, long offset, Headers headers)
      implements ErrorHandlerContext {
    @Override
    public String processorNodeId() {
      return "source";
    }

    @Override
    public TaskId taskId() {
      return new TaskId(0, partition);
    }

    @Override
    public long timestamp() {
      return 0;
    }

    @Override
    public byte[] sourceRawKey() {
      return null;
    }

    @Override
    public byte[] sourceRawValue() {
      return null;
    }
  }
}
