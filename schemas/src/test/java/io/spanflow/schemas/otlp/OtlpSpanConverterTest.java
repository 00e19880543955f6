package io.spanflow.schemas.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span.Event;
import io.opentelemetry.proto.trace.v1.Span.Link;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.convert.Times;
import io.spanflow.schemas.ids.TraceIds;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpSpanConverterTest {

  static final ByteString TRACE = TraceIds.traceId(0x5b8efff798038103L, 0xd269b633813fc60cL);
  static final ByteString SPAN = TraceIds.spanId(0xeee19b7ec3c1b174L);
  static final ByteString PARENT = TraceIds.spanId(0xeee19b7ec3c1b173L);
  static final ByteString LINKED = TraceIds.spanId(0x1111111111111111L);
  static final long START_NANOS = 1_700_000_000_123_456_789L;

  static io.opentelemetry.proto.common.v1.KeyValue attr(String key, AnyValue.Builder value) {
    return io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
        .setKey(key)
        .setValue(value)
        .build();
  }

  static AnyValue.Builder str(String s) {
    return AnyValue.newBuilder().setStringValue(s);
  }

  static ExportTraceServiceRequest request() {
    io.opentelemetry.proto.trace.v1.Span span =
        io.opentelemetry.proto.trace.v1.Span.newBuilder()
            .setTraceId(TRACE)
            .setSpanId(SPAN)
            .setParentSpanId(PARENT)
            .setTraceState("vendor=x")
            .setName("GET /orders")
            .setKind(SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(START_NANOS)
            .setEndTimeUnixNano(START_NANOS + 2_500_000)
            .addAttributes(attr("http.method", str("GET")))
            .addAttributes(attr("ok", AnyValue.newBuilder().setBoolValue(true)))
            .addAttributes(attr("http.status_code", AnyValue.newBuilder().setIntValue(500)))
            .addAttributes(attr("ratio", AnyValue.newBuilder().setDoubleValue(0.5)))
            .addAttributes(
                attr("raw", AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("ab"))))
            .addAttributes(
                attr(
                    "list",
                    AnyValue.newBuilder()
                        .setArrayValue(
                            ArrayValue.newBuilder()
                                .addValues(str("a"))
                                .addValues(AnyValue.newBuilder().setIntValue(1)))))
            .addAttributes(
                attr(
                    "map",
                    AnyValue.newBuilder()
                        .setKvlistValue(
                            KeyValueList.newBuilder()
                                .addValues(attr("k", AnyValue.newBuilder().setBoolValue(false))))))
            .setDroppedAttributesCount(2)
            .addEvents(
                Event.newBuilder()
                    .setName("exception")
                    .setTimeUnixNano(START_NANOS + 1_000)
                    .addAttributes(attr("exception.message", str("boom"))))
            .addLinks(
                Link.newBuilder()
                    .setTraceId(TRACE)
                    .setSpanId(LINKED)
                    .addAttributes(attr("why", str("batch"))))
            .setStatus(
                Status.newBuilder()
                    .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage("internal error"))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(attr("service.name", str("orders")))
                        .addAttributes(attr("host.name", str("node-1"))))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(
                            InstrumentationScope.newBuilder()
                                .setName("io.opentelemetry.tomcat")
                                .setVersion("2.1"))
                        .addSpans(span)))
        .build();
  }

  @Test
  void convertsEveryPart() {
    List<Span> spans = OtlpSpanConverter.toJaeger(request());
    assertThat(spans).hasSize(1);
    Span span = spans.get(0);
    assertThat(span.getTraceId()).isEqualTo(TRACE);
    assertThat(span.getSpanId()).isEqualTo(SPAN);
    assertThat(span.getOperationName()).isEqualTo("GET /orders");
    assertThat(span.getStartTime().getSeconds()).isEqualTo(1_700_000_000L);
    assertThat(span.getStartTime().getNanos()).isEqualTo(123_456_789);
    assertThat(Times.toMicros(span.getDuration())).isEqualTo(2_500);
    assertThat(span.getProcess().getServiceName()).isEqualTo("orders");
    assertThat(span.getProcess().getTagsList())
        .extracting(KeyValue::getKey)
        .containsExactly("host.name");

    assertThat(span.getReferencesList())
        .extracting(r -> r.getRefType() + ":" + TraceIds.spanIdToHex(r.getSpanId()))
        .containsExactly("CHILD_OF:eee19b7ec3c1b173", "FOLLOWS_FROM:1111111111111111");

    assertThat(tag(span, "http.method").getVStr()).isEqualTo("GET");
    assertThat(tag(span, "ok").getVBool()).isTrue();
    assertThat(tag(span, "http.status_code").getVInt64()).isEqualTo(500);
    assertThat(tag(span, "ratio").getVFloat64()).isEqualTo(0.5);
    assertThat(tag(span, "raw").getVType()).isEqualTo(ValueType.BINARY);
    assertThat(tag(span, "list").getVStr()).isEqualTo("[\"a\",1]");
    assertThat(tag(span, "map").getVStr()).isEqualTo("{\"k\":false}");
    assertThat(tag(span, "span.kind").getVStr()).isEqualTo("server");
    assertThat(tag(span, "otel.status_code").getVStr()).isEqualTo("ERROR");
    assertThat(tag(span, "error").getVBool()).isTrue();
    assertThat(tag(span, "otel.status_description").getVStr()).isEqualTo("internal error");
    assertThat(tag(span, "otel.scope.name").getVStr()).isEqualTo("io.opentelemetry.tomcat");
    assertThat(tag(span, "otel.scope.version").getVStr()).isEqualTo("2.1");
    assertThat(tag(span, "w3c.tracestate").getVStr()).isEqualTo("vendor=x");
    assertThat(tag(span, "otel.dropped_attributes_count").getVInt64()).isEqualTo(2);
    assertThat(tag(span, "otel.link.1111111111111111").getVStr()).contains("\"why\":\"batch\"");

    assertThat(span.getLogsList()).hasSize(1);
    assertThat(span.getLogs(0).getFieldsList())
        .extracting(f -> f.getKey() + "=" + f.getVStr())
        .containsExactly("event=exception", "exception.message=boom");
    assertThat(span.getLogs(0).getTimestamp().getNanos()).isEqualTo(123_457_789);
  }

  @Test
  void missingServiceName_isUnknownService_andOkStatusHasNoError() {
    ExportTraceServiceRequest.Builder req = request().toBuilder();
    req.getResourceSpansBuilder(0).setResource(Resource.getDefaultInstance());
    req.getResourceSpansBuilder(0)
        .getScopeSpansBuilder(0)
        .getSpansBuilder(0)
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
        .setKind(SpanKind.SPAN_KIND_UNSPECIFIED)
        .clearParentSpanId();
    Span span = OtlpSpanConverter.toJaeger(req.build()).get(0);
    assertThat(span.getProcess().getServiceName()).isEqualTo("unknown_service");
    assertThat(tag(span, "otel.status_code").getVStr()).isEqualTo("OK");
    assertThat(tag(span, "error")).isNull();
    assertThat(tag(span, "span.kind")).isNull();
    assertThat(span.getReferencesList())
        .extracting(r -> r.getRefType())
        .containsExactly(SpanRefType.FOLLOWS_FROM);
  }

  static KeyValue tag(Span span, String key) {
    return span.getTagsList().stream().filter(t -> t.getKey().equals(key)).findFirst().orElse(null);
  }
}
