package io.spanflow.processor.validate;

import static io.spanflow.processor.testing.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanflow.processor.testing.TopologyHarness;
import io.spanflow.schemas.es.SpanDocumentMapper;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpIntakeTopologyTest {

  @TempDir Path stateDir;
  TopologyHarness h;

  @BeforeEach
  void start() {
    h = new TopologyHarness(stateDir, b -> b.otlpTopic("otlp_spans"));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void otlpRequest_isConvertedRepartitionedAndIndexed() {
    h.otlp.pipeInput(new TestRecord<>(null, request(span(1, 1), span(2, 2)).toByteArray(), T0));
    var docs = h.indexed.readValuesToList();
    assertThat(docs).hasSize(2);
    var first = SpanDocumentMapper.fromDocumentBytes(docs.get(0));
    assertThat(first.getProcess().getServiceName()).isEqualTo("otel-svc");
    assertThat(h.dlq.isEmpty()).isTrue();
  }

  @Test
  void garbage_isOtlpUndecodable() {
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
    h.otlp.pipeInput(new TestRecord<>(null, garbage, T0));
    TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.REASON)).isEqualTo("otlp_undecodable");
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_TOPIC)).isEqualTo("otlp_spans");
  }

  @Test
  void rejectedSpan_deadLettersTheRequestAndKeepsItsNeighbours() {
    ExportTraceServiceRequest req =
        request(span(1, 1), span(1, 2).toBuilder().setSpanId(ByteString.EMPTY).build());
    h.otlp.pipeInput(new TestRecord<>(null, req.toByteArray(), T0));
    assertThat(h.indexed.readValuesToList()).hasSize(1);
    TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
    assertThat(dead.value()).isEqualTo(req.toByteArray());
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.REASON)).isEqualTo("otlp_rejected");
    assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.DETAIL)).startsWith("1 span(s) rejected");
    assertThat(h.metrics.dlqCount("otlp_rejected")).isEqualTo(1);
  }

  private static Span span(int trace, int id) {
    long startNanos = TimeUnit.MILLISECONDS.toNanos(T0.toEpochMilli());
    byte[] traceId = new byte[16];
    traceId[15] = (byte) trace;
    byte[] spanId = new byte[8];
    spanId[7] = (byte) id;
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(traceId))
        .setSpanId(ByteString.copyFrom(spanId))
        .setName("otel-op")
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(startNanos)
        .setEndTimeUnixNano(startNanos + 5_000_000)
        .build();
  }

  private static ExportTraceServiceRequest request(Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("otel-svc"))))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(java.util.List.of(spans))))
        .build();
  }
}
