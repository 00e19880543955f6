package io.spanflow.processor.validate;

import static io.spanflow.processor.testing.TestSpans.span;
import static io.spanflow.processor.testing.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.spanflow.processor.testing.TopologyHarness;
import io.spanflow.proto.jaeger.Span;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every DLQ reason of the intake, through the production topology. */
class DeadLetterTopologyTest {

  @TempDir Path stateDir;
  TopologyHarness h;

  @BeforeEach
  void start() {
    h = new TopologyHarness(stateDir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void garbage_goesToDlqWithOriginalBytesKeyHeadersAndSource() {
    byte[] key = "some-key".getBytes(StandardCharsets.UTF_8);
    byte[] garbage = {(byte) 0xff, (byte) 0xff, 0x01, 0x02, 0x03};
    RecordHeaders headers = new RecordHeaders();
    headers.add("producer", "collector-7".getBytes(StandardCharsets.UTF_8));

    h.send(key, garbage, headers, T0);

    TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
    assertThat(dead.key()).isEqualTo(key);
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(DlqHeaders.text(dead.headers(), "producer")).isEqualTo("collector-7");
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.REASON)).isEqualTo("undecodable");
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_TOPIC)).isEqualTo("jaeger-spans");
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_PARTITION)).isEqualTo("0");
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.DETAIL)).isNotBlank();
    assertThat(h.indexed.isEmpty()).isTrue();
    assertThat(h.metrics.dlqCount("undecodable")).isEqualTo(1);
  }

  @Test
  void emptyValue_isUndecodable() {
    h.send(null, new byte[0], T0);
    assertReason("undecodable");
  }

  @Test
  void missingTraceId_goesToDlq() {
    h.send(null, span(1, 1).builder().clearTraceId().build().toByteArray(), T0);
    assertReason("missing_trace_id");
  }

  @Test
  void zeroTraceId_isMissing() {
    h.send(
        null,
        span(1, 1).builder().setTraceId(ByteString.copyFrom(new byte[16])).build().toByteArray(),
        T0);
    assertReason("missing_trace_id");
  }

  @Test
  void wrongLengthTraceId_goesToDlq() {
    h.send(
        null,
        span(1, 1)
            .builder()
            .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3}))
            .build()
            .toByteArray(),
        T0);
    assertReason("bad_trace_id");
  }

  @Test
  void missingSpanId_goesToDlq() {
    h.send(null, span(1, 1).builder().clearSpanId().build().toByteArray(), T0);
    assertReason("missing_span_id");
  }

  @Test
  void wrongLengthSpanId_goesToDlq() {
    h.send(
        null,
        span(1, 1)
            .builder()
            .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4}))
            .build()
            .toByteArray(),
        T0);
    assertReason("bad_span_id");
  }

  @Test
  void badRecordsDoNotStopGoodOnes() {
    h.send(null, new byte[] {9, 9, 9}, T0);
    Span good = span(7, 7).start(T0).build();
    h.send(good, T0);
    assertThat(h.dlq.getQueueSize()).isEqualTo(1);
    assertThat(h.indexed.getQueueSize()).isEqualTo(1);
  }

  private void assertReason(String reason) {
    TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.REASON)).isEqualTo(reason);
    assertThat(h.dlq.isEmpty()).isTrue();
    assertThat(h.indexed.isEmpty()).isTrue();
    assertThat(h.metrics.dlqCount(reason)).isEqualTo(1);
  }
}
