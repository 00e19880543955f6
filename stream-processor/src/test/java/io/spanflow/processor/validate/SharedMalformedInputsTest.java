package io.spanflow.processor.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.processor.testing.TopologyHarness;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.es.SpanDocumentMapper;
import io.spanflow.schemas.fixtures.MalformedInputs;
import io.spanflow.schemas.fixtures.TestTraces;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared malformed inputs of schemas' fixtures, through the production topology. */
class SharedMalformedInputsTest {

  static final Instant T = TestTraces.DEFAULT_BASE;

  @TempDir Path stateDir;
  TopologyHarness h;

  @BeforeEach
  void start() {
    h = new TopologyHarness(stateDir, b -> b.otlpTopic("otlp"));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void undecodableBytes() {
    h.send(null, MalformedInputs.garbageBytes(), T);
    h.send(null, MalformedInputs.truncatedSpanBytes(), T);
    assertThat(reasons()).containsExactly("undecodable", "undecodable");
  }

  @Test
  void badIds() {
    h.send(null, MalformedInputs.spanWithoutTraceId().toByteArray(), T);
    h.send(null, MalformedInputs.spanWithZeroTraceId().toByteArray(), T);
    h.send(null, MalformedInputs.spanWithShortTraceId().toByteArray(), T);
    h.send(null, MalformedInputs.spanWithoutSpanId().toByteArray(), T);
    assertThat(reasons())
        .containsExactly("missing_trace_id", "missing_trace_id", "bad_trace_id", "missing_span_id");
    assertThat(h.indexed.isEmpty()).isTrue();
  }

  @Test
  void repairableInputs_areIndexedWithWarnings() {
    h.send(null, MalformedInputs.spanWithoutProcess().toByteArray(), T);
    h.send(null, MalformedInputs.spanBytesWithInvalidUtf8(), T);
    Span noProcess = SpanDocumentMapper.fromDocumentBytes(h.indexed.readValue());
    Span badUtf8 = SpanDocumentMapper.fromDocumentBytes(h.indexed.readValue());
    assertThat(noProcess.getProcess().getServiceName()).isEqualTo(SpanValidator.UNKNOWN_SERVICE);
    assertThat(badUtf8.getOperationName()).contains("\uFFFD");
    assertThat(badUtf8.getWarningsList()).anyMatch(w -> w.contains("invalid_utf8"));
    assertThat(h.dlq.isEmpty()).isTrue();
  }

  @Test
  void otlpRequestWithBadIds_keepsTheGoodSpan() {
    byte[] request = MalformedInputs.otlpRequestWithBadIds().toByteArray();
    h.otlp.pipeInput(new TestRecord<>(null, request, T));
    assertThat(h.indexed.readValuesToList()).hasSize(1);
    TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
    assertThat(dead.value()).isEqualTo(request);
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.REASON)).isEqualTo("otlp_rejected");
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.DETAIL)).startsWith("3 span(s) rejected");
  }

  private java.util.List<String> reasons() {
    return h.dlq.readRecordsToList().stream()
        .map(r -> DlqHeaders.text(r.headers(), DlqHeaders.REASON))
        .toList();
  }
}
