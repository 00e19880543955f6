package io.spanflow.schemas.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.jaegertracing.thriftjava.Log;
import io.jaegertracing.thriftjava.Process;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.convert.Times;
import io.spanflow.schemas.ids.TraceIds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JaegerThriftDecoderTest {

  static final long START = 1_700_000_000_123_456L;

  static io.jaegertracing.thriftjava.Batch clientBatch() {
    io.jaegertracing.thriftjava.Span root =
        new io.jaegertracing.thriftjava.Span(
            0x11L, 0x22L, 0x1L, 0, "GET /dispatch", 1, START, 5000);
    root.setTags(
        List.of(
            new Tag("str", TagType.STRING).setVStr("v"),
            new Tag("dbl", TagType.DOUBLE).setVDouble(1.5),
            new Tag("bool", TagType.BOOL).setVBool(true),
            new Tag("long", TagType.LONG).setVLong(-42),
            new Tag("bin", TagType.BINARY).setVBinary(new byte[] {1, 2, 3})));
    root.setLogs(
        List.of(
            new Log(START + 10, List.of(new Tag("event", TagType.STRING).setVStr("cache miss")))));
    // Java and Node clients send the parent only as parentSpanId.
    io.jaegertracing.thriftjava.Span child =
        new io.jaegertracing.thriftjava.Span(
            0x11L, 0x22L, 0x2L, 0x1L, "SELECT", 3, START + 100, 700);
    // An explicit reference to the parent must not be duplicated.
    io.jaegertracing.thriftjava.Span explicit =
        new io.jaegertracing.thriftjava.Span(0x11L, 0x22L, 0x3L, 0x1L, "async", 1, START + 200, 10);
    explicit.setReferences(
        List.of(
            new SpanRef(SpanRefType.CHILD_OF, 0x11L, 0x22L, 0x1L),
            new SpanRef(SpanRefType.FOLLOWS_FROM, 0x11L, 0x22L, 0x2L)));
    Process process = new Process("frontend");
    process.setTags(
        List.of(
            new Tag("hostname", TagType.STRING).setVStr("host-1"),
            new Tag("ip", TagType.STRING).setVStr("10.0.0.1")));
    return new io.jaegertracing.thriftjava.Batch(process, List.of(root, child, explicit));
  }

  @ParameterizedTest
  @EnumSource(ThriftProtocol.class)
  void emitBatch_fromRealClientClasses_keepsEveryField(ThriftProtocol protocol) throws Exception {
    byte[] packet = JaegerClientEncoding.emitBatch(clientBatch(), protocol);

    Batch batch = JaegerThriftDecoder.decodeEmitBatch(packet, packet.length, protocol);

    assertThat(batch.getProcess().getServiceName()).isEqualTo("frontend");
    assertThat(batch.getSpansList()).hasSize(3);
    Span root = batch.getSpans(0);
    assertThat(root.getTraceId()).isEqualTo(TraceIds.traceId(0x22L, 0x11L));
    assertThat(TraceIds.toHex(root.getTraceId())).isEqualTo("00000000000000220000000000000011");
    assertThat(root.getSpanId()).isEqualTo(TraceIds.spanId(1));
    assertThat(root.getOperationName()).isEqualTo("GET /dispatch");
    assertThat(root.getFlags()).isEqualTo(1);
    assertThat(Times.toMicros(root.getStartTime())).isEqualTo(START);
    assertThat(Times.toMicros(root.getDuration())).isEqualTo(5000);
    assertThat(root.getReferencesList()).isEmpty();
    assertThat(root.getTagsList())
        .containsExactly(
            KeyValue.newBuilder().setKey("str").setVStr("v").build(),
            KeyValue.newBuilder()
                .setKey("dbl")
                .setVType(ValueType.FLOAT64)
                .setVFloat64(1.5)
                .build(),
            KeyValue.newBuilder().setKey("bool").setVType(ValueType.BOOL).setVBool(true).build(),
            KeyValue.newBuilder().setKey("long").setVType(ValueType.INT64).setVInt64(-42).build(),
            KeyValue.newBuilder()
                .setKey("bin")
                .setVType(ValueType.BINARY)
                .setVBinary(ByteString.copyFrom(new byte[] {1, 2, 3}))
                .build());
    assertThat(root.getLogsList()).hasSize(1);
    assertThat(Times.toMicros(root.getLogs(0).getTimestamp())).isEqualTo(START + 10);
    assertThat(root.getLogs(0).getFields(0).getVStr()).isEqualTo("cache miss");
    assertThat(root.getProcess()).isEqualTo(batch.getProcess());
    assertThat(root.getProcess().getTagsList())
        .extracting(KeyValue::getKey)
        .containsExactly("hostname", "ip");
    assertThat(root.getWarningsList()).isEmpty();

    Span child = batch.getSpans(1);
    assertThat(child.getFlags()).isEqualTo(3);
    assertThat(child.getReferencesList()).hasSize(1);
    assertThat(child.getReferences(0).getRefType())
        .isEqualTo(io.spanflow.proto.jaeger.SpanRefType.CHILD_OF);
    assertThat(child.getReferences(0).getSpanId()).isEqualTo(TraceIds.spanId(1));
    assertThat(child.getReferences(0).getTraceId()).isEqualTo(root.getTraceId());
    assertThat(child.getProcess().getServiceName()).isEqualTo("frontend");

    Span explicit = batch.getSpans(2);
    assertThat(explicit.getReferencesList())
        .extracting(r -> r.getRefType().name() + ":" + TraceIds.spanIdToHex(r.getSpanId()))
        .containsExactly("CHILD_OF:0000000000000001", "FOLLOWS_FROM:0000000000000002");
  }

  @Test
  void bareBatch_binaryAsHttpSenderPosts() throws Exception {
    byte[] body = JaegerClientEncoding.batch(clientBatch(), ThriftProtocol.BINARY);
    Batch batch = JaegerThriftDecoder.decodeBatch(body, ThriftProtocol.BINARY);
    assertThat(batch.getSpansList())
        .extracting(Span::getOperationName)
        .containsExactly("GET /dispatch", "SELECT", "async");
  }

  @Test
  void newerBatchFields_areSkipped() throws Exception {
    // Newer clients add Batch 3: seqNo (i64) and 4: stats (struct); write a binary Batch and
    // append both before its STOP byte.
    byte[] body = JaegerClientEncoding.batch(clientBatch(), ThriftProtocol.BINARY);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(body, 0, body.length - 1); // drop the Batch's STOP
    out.write(new byte[] {10, 0, 3, 0, 0, 0, 0, 0, 0, 0, 42}); // 3: i64 seqNo = 42
    out.write(new byte[] {12, 0, 4}); // 4: struct stats {
    out.write(new byte[] {10, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7}); //   1: i64 = 7
    out.write(new byte[] {11, 0, 2, 0, 0, 0, 1, 'x'}); //   2: string = "x"
    out.write(0); // }
    out.write(0); // Batch STOP
    Batch batch = JaegerThriftDecoder.decodeBatch(out.toByteArray(), ThriftProtocol.BINARY);
    assertThat(batch.getSpansCount()).isEqualTo(3);
    assertThat(batch.getProcess().getServiceName()).isEqualTo("frontend");
  }

  @Test
  void knownFieldWithUnexpectedType_isSkipped() throws Exception {
    // Batch whose field 1 (process) arrives as a string: skipped, spans still read.
    byte[] body = JaegerClientEncoding.batch(clientBatch(), ThriftProtocol.BINARY);
    // The binary Batch starts with field header {12, 0, 1} (process struct); replace the process
    // with a string field 1, then keep the rest from the spans field on.
    int spansField = indexOfSpansField(body);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(new byte[] {11, 0, 1, 0, 0, 0, 2, 'h', 'i'});
    out.write(body, spansField, body.length - spansField);
    Batch batch = JaegerThriftDecoder.decodeBatch(out.toByteArray(), ThriftProtocol.BINARY);
    assertThat(batch.getSpansCount()).isEqualTo(3);
    assertThat(batch.getProcess().getServiceName()).isEmpty();
  }

  private static int indexOfSpansField(byte[] body) {
    // The last tag's STOP and the process's STOP, then list field 2 of structs.
    for (int i = 0; i + 5 < body.length; i++) {
      if (body[i] == 0
          && body[i + 1] == 0
          && body[i + 2] == 15
          && body[i + 3] == 0
          && body[i + 4] == 2
          && body[i + 5] == 12) {
        return i + 2;
      }
    }
    throw new AssertionError("spans field not found");
  }

  @Test
  void invalidSpans_areRejectedOneByOne_othersKept() throws Exception {
    io.jaegertracing.thriftjava.Batch client = clientBatch();
    client.getSpans().get(1).setTraceIdLow(0).setTraceIdHigh(0);
    client.getSpans().get(2).setSpanId(0);
    byte[] packet = JaegerClientEncoding.emitBatch(client, ThriftProtocol.COMPACT);

    DecodedBatch decoded =
        JaegerThriftDecoder.decodeEmitBatchDetailed(packet, packet.length, ThriftProtocol.COMPACT);

    assertThat(decoded.batch().getSpansList())
        .extracting(Span::getOperationName)
        .containsExactly("GET /dispatch");
    assertThat(decoded.rejected())
        .extracting(r -> r.reason())
        .containsExactly("invalid_trace_id", "invalid_span_id");
  }

  @ParameterizedTest
  @EnumSource(ThriftProtocol.class)
  void truncatedPackets_throwWithReason(ThriftProtocol protocol) throws Exception {
    byte[] packet = JaegerClientEncoding.emitBatch(clientBatch(), protocol);
    for (int cut = 0; cut < packet.length; cut += 7) {
      byte[] truncated = Arrays.copyOf(packet, cut);
      assertThatThrownBy(
              () -> JaegerThriftDecoder.decodeEmitBatch(truncated, truncated.length, protocol))
          .as("cut at %d of %d", cut, packet.length)
          .isInstanceOf(ThriftDecodeException.class)
          .satisfies(
              e ->
                  assertThat(((ThriftDecodeException) e).reason())
                      .as(e.getMessage())
                      .isEqualTo("truncated"));
    }
    byte[] lastByteMissing = Arrays.copyOf(packet, packet.length - 1);
    assertThatThrownBy(
            () ->
                JaegerThriftDecoder.decodeEmitBatch(
                    lastByteMissing, lastByteMissing.length, protocol))
        .isInstanceOf(ThriftDecodeException.class)
        .extracting(e -> ((ThriftDecodeException) e).reason())
        .isEqualTo("truncated");
  }

  @Test
  void lengthArgument_limitsTheReadToThePacket() throws Exception {
    byte[] packet = JaegerClientEncoding.emitBatch(clientBatch(), ThriftProtocol.COMPACT);
    byte[] receiveBuffer = Arrays.copyOf(packet, 65_000); // UDP buffers are reused and larger
    Batch batch =
        JaegerThriftDecoder.decodeEmitBatch(receiveBuffer, packet.length, ThriftProtocol.COMPACT);
    assertThat(batch.getSpansCount()).isEqualTo(3);
  }

  @Test
  void garbage_andWrongMethod_areReportedByReason() throws Exception {
    byte[] garbage = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(
            () ->
                JaegerThriftDecoder.decodeEmitBatch(
                    garbage, garbage.length, ThriftProtocol.COMPACT))
        .isInstanceOf(ThriftDecodeException.class);

    byte[] zipkin = ZipkinThriftEncoding.emitZipkinBatch(List.of(), ThriftProtocol.COMPACT);
    assertThatThrownBy(
            () ->
                JaegerThriftDecoder.decodeEmitBatch(zipkin, zipkin.length, ThriftProtocol.COMPACT))
        .isInstanceOf(ThriftDecodeException.class)
        .extracting(e -> ((ThriftDecodeException) e).reason())
        .isEqualTo("unknown_method");
  }
}
