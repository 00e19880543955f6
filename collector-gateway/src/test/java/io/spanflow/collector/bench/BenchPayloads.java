package io.spanflow.collector.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.PostSpansRequest;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.ids.TraceIds;
import io.spanflow.schemas.thrift.JaegerThriftEncoder;
import io.spanflow.schemas.thrift.ThriftProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The same spans in every protocol: a request carries {@code spansPerRequest} spans in traces of
 * ten (a SERVER root and CLIENT children), each with five tags, of one process with three tags.
 * Protobuf and thrift payloads cycle through {@value #VARIANTS} prebuilt variants (the collector
 * does not deduplicate); Zipkin JSON gets fresh trace ids on every request, patched into a
 * template, so Zipkin's in-memory store sees distinct traces as it would in production.
 */
final class BenchPayloads {
  static final int VARIANTS = 64;
  static final int SPANS_PER_TRACE = 10;
  static final String SERVICE = "bench-frontend";
  private static final long BASE_MICROS = 1_700_000_000_000_000L;
  private static final String[] OPERATIONS = {
    "GET /api/items/{id}", "SELECT items", "GET /inventory", "redis GET", "POST /pricing"
  };
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final int spansPerRequest;
  private final long runId;
  private final byte[][] thrift = new byte[VARIANTS][];
  private final PostSpansRequest[] grpc = new PostSpansRequest[VARIANTS];
  private final ExportTraceServiceRequest[] otlp = new ExportTraceServiceRequest[VARIANTS];
  private final byte[] zipkinTemplate;
  private final int[] zipkinTraceIdOffsets;
  private final int[] zipkinTraceIndex;

  BenchPayloads(int spansPerRequest, long runId) {
    this.spansPerRequest = spansPerRequest;
    this.runId = runId;
    for (int v = 0; v < VARIANTS; v++) {
      Batch batch = jaegerBatch(v);
      thrift[v] = JaegerThriftEncoder.encodeBatch(batch, ThriftProtocol.BINARY);
      grpc[v] = PostSpansRequest.newBuilder().setBatch(batch).build();
      otlp[v] = otlpRequest(v);
    }
    zipkinTemplate = zipkinJsonTemplate().getBytes(StandardCharsets.UTF_8);
    List<Integer> offsets = new ArrayList<>();
    List<Integer> traces = new ArrayList<>();
    for (int i = 0; i + 32 <= zipkinTemplate.length; i++) {
      if (zipkinTemplate[i] == 'Z'
          && zipkinTemplate[i + 29] == 'Z'
          && zipkinTemplate[i + 30] != 'Z') {
        offsets.add(i);
        traces.add(Integer.parseInt(new String(zipkinTemplate, i + 30, 2, StandardCharsets.UTF_8)));
        i += 31;
      }
    }
    zipkinTraceIdOffsets = offsets.stream().mapToInt(Integer::intValue).toArray();
    zipkinTraceIndex = traces.stream().mapToInt(Integer::intValue).toArray();
  }

  int spansPerRequest() {
    return spansPerRequest;
  }

  byte[] jaegerThrift(long request) {
    return thrift[(int) (request % VARIANTS)];
  }

  PostSpansRequest jaegerGrpc(long request) {
    return grpc[(int) (request % VARIANTS)];
  }

  ExportTraceServiceRequest otlp(long request) {
    return otlp[(int) (request % VARIANTS)];
  }

  byte[] otlpProtobuf(long request) {
    return otlp(request).toByteArray();
  }

  /** Zipkin JSON v2 with trace ids unique to this request (same bytes for the same request). */
  byte[] zipkinJson(long request) {
    byte[] body = zipkinTemplate.clone();
    for (int i = 0; i < zipkinTraceIdOffsets.length; i++) {
      int at = zipkinTraceIdOffsets[i];
      writeHex(body, at, runId);
      writeHex(body, at + 16, (request << 8) | zipkinTraceIndex[i]);
    }
    return body;
  }

  private static void writeHex(byte[] into, int at, long value) {
    for (int i = 15; i >= 0; i--) {
      into[at + i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
  }

  private long traceLow(long variant, int trace) {
    return (variant << 8) | trace;
  }

  private Batch jaegerBatch(long variant) {
    Batch.Builder batch =
        Batch.newBuilder()
            .setProcess(
                Process.newBuilder()
                    .setServiceName(SERVICE)
                    .addTags(str("hostname", "bench-host-1"))
                    .addTags(str("ip", "10.0.0.1"))
                    .addTags(str("jaeger.version", "Java-1.8.1")));
    for (int i = 0; i < spansPerRequest; i++) {
      int trace = i / SPANS_PER_TRACE;
      int k = i % SPANS_PER_TRACE;
      ByteString traceId = TraceIds.traceId(runId, traceLow(variant, trace));
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(traceId)
              .setSpanId(TraceIds.spanId(spanId(trace, k)))
              .setOperationName(OPERATIONS[k % OPERATIONS.length])
              .setFlags(1)
              .setStartTime(timestamp(BASE_MICROS + k * 100L))
              .setDuration(Duration.newBuilder().setNanos(1_200_000))
              .addTags(str("span.kind", k == 0 ? "server" : "client"))
              .addTags(str("http.method", "GET"))
              .addTags(str("http.url", "/api/items/" + i))
              .addTags(
                  KeyValue.newBuilder()
                      .setKey("http.status_code")
                      .setVType(ValueType.INT64)
                      .setVInt64(200))
              .addTags(str("component", "netty"));
      if (k > 0) {
        span.addReferences(
            SpanRef.newBuilder()
                .setRefType(SpanRefType.CHILD_OF)
                .setTraceId(traceId)
                .setSpanId(TraceIds.spanId(spanId(trace, 0))));
      }
      batch.addSpans(span);
    }
    return batch.build();
  }

  private static long spanId(int trace, int k) {
    return ((long) trace << 8) + k + 1;
  }

  private static Timestamp timestamp(long micros) {
    return Timestamp.newBuilder()
        .setSeconds(micros / 1_000_000)
        .setNanos((int) (micros % 1_000_000) * 1000)
        .build();
  }

  private static KeyValue str(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.STRING).setVStr(value).build();
  }

  private ExportTraceServiceRequest otlpRequest(long variant) {
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("bench"));
    for (int i = 0; i < spansPerRequest; i++) {
      int trace = i / SPANS_PER_TRACE;
      int k = i % SPANS_PER_TRACE;
      long startNanos = (BASE_MICROS + k * 100L) * 1000;
      io.opentelemetry.proto.trace.v1.Span.Builder span =
          io.opentelemetry.proto.trace.v1.Span.newBuilder()
              .setTraceId(TraceIds.traceId(runId, traceLow(variant, trace)))
              .setSpanId(TraceIds.spanId(spanId(trace, k)))
              .setName(OPERATIONS[k % OPERATIONS.length])
              .setKind(
                  k == 0
                      ? io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER
                      : io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT)
              .setStartTimeUnixNano(startNanos)
              .setEndTimeUnixNano(startNanos + 1_200_000)
              .addAttributes(otlpStr("http.method", "GET"))
              .addAttributes(otlpStr("http.url", "/api/items/" + i))
              .addAttributes(
                  io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
                      .setKey("http.status_code")
                      .setValue(AnyValue.newBuilder().setIntValue(200)))
              .addAttributes(otlpStr("component", "netty"));
      if (k > 0) {
        span.setParentSpanId(TraceIds.spanId(spanId(trace, 0)));
      }
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(otlpStr("service.name", SERVICE))
                        .addAttributes(otlpStr("host.name", "bench-host-1"))
                        .addAttributes(otlpStr("host.ip", "10.0.0.1")))
                .addScopeSpans(scope))
        .build();
  }

  private static io.opentelemetry.proto.common.v1.KeyValue otlpStr(String key, String value) {
    return io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  /** Zipkin JSON v2 with placeholder trace ids: 30 'Z' and the trace's two-digit index. */
  private String zipkinJsonTemplate() {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < spansPerRequest; i++) {
      int trace = i / SPANS_PER_TRACE;
      int k = i % SPANS_PER_TRACE;
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"traceId\":\"")
          .append("Z".repeat(30))
          .append(String.format("%02d", trace))
          .append("\",");
      if (k > 0) {
        json.append("\"parentId\":\"")
            .append(String.format("%016x", spanId(trace, 0)))
            .append("\",");
      }
      json.append("\"id\":\"")
          .append(String.format("%016x", spanId(trace, k)))
          .append("\",\"kind\":\"")
          .append(k == 0 ? "SERVER" : "CLIENT")
          .append("\",\"name\":\"")
          .append(OPERATIONS[k % OPERATIONS.length].toLowerCase(java.util.Locale.ROOT))
          .append("\",\"timestamp\":")
          .append(BASE_MICROS + k * 100L)
          .append(",\"duration\":1200,\"localEndpoint\":{\"serviceName\":\"")
          .append(SERVICE)
          .append(
              "\",\"ipv4\":\"10.0.0.1\"},\"tags\":{\"http.method\":\"GET\",\"http.url\":\"/api/items/")
          .append(i)
          .append(
              "\",\"http.status_code\":\"200\",\"component\":\"netty\",\"hostname\":\"bench-host-1\"}}");
    }
    if (spansPerRequest / SPANS_PER_TRACE > 99) {
      throw new IllegalArgumentException("at most 999 spans per request");
    }
    return json.append(']').toString();
  }
}
