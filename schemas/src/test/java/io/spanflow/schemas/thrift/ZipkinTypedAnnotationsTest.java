package io.spanflow.schemas.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Legacy Zipkin clients send typed binary annotations (Zipkin's own model cannot hold them, so the
 * packet is written field by field here, following zipkincore.thrift).
 */
class ZipkinTypedAnnotationsTest {

  static final long START = 1_700_000_000_000_000L;

  @ParameterizedTest
  @EnumSource(ThriftProtocol.class)
  void typedBinaryAnnotations_keepTheirType(ThriftProtocol protocol) throws Exception {
    byte[] packet = packet(protocol);

    List<Span> spans = ZipkinThriftDecoder.decodeEmitZipkinBatch(packet, packet.length, protocol);

    assertThat(spans).hasSize(1);
    Span span = spans.get(0);
    assertThat(span.getProcess().getServiceName()).isEqualTo("legacy");
    assertThat(tag(span, "span.kind").getVStr()).isEqualTo("client");
    assertThat(tag(span, "http.url").getVStr()).isEqualTo("/x");
    assertThat(tag(span, "cache.hit").getVType()).isEqualTo(ValueType.BOOL);
    assertThat(tag(span, "cache.hit").getVBool()).isTrue();
    assertThat(tag(span, "i16").getVInt64()).isEqualTo(-2);
    assertThat(tag(span, "i32").getVInt64()).isEqualTo(70_000);
    assertThat(tag(span, "http.status_code").getVType()).isEqualTo(ValueType.INT64);
    assertThat(tag(span, "http.status_code").getVInt64()).isEqualTo(503);
    assertThat(tag(span, "ratio").getVFloat64()).isEqualTo(0.75);
    assertThat(tag(span, "raw").getVBinary().toByteArray()).containsExactly(1, 2, 3);
    assertThat(tag(span, "peer.service").getVStr()).isEqualTo("db");
    assertThat(tag(span, "peer.ipv4").getVStr()).isEqualTo("10.1.2.3");
    assertThat(tag(span, "peer.port").getVInt64()).isEqualTo(5432);
    assertThat(span.getProcess().getTagsList())
        .extracting(
            t -> t.getKey() + "=" + (t.getVType() == ValueType.INT64 ? t.getVInt64() : t.getVStr()))
        .contains("ip=127.0.0.1", "port=40000");
  }

  static KeyValue tag(Span span, String key) {
    return span.getTagsList().stream()
        .filter(t -> t.getKey().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tag " + key + " in " + span.getTagsList()));
  }

  static byte[] packet(ThriftProtocol protocol) throws TException {
    TMemoryBuffer buffer = new TMemoryBuffer(512);
    TProtocol out =
        protocol == ThriftProtocol.COMPACT
            ? new TCompactProtocol(buffer)
            : new TBinaryProtocol(buffer);
    out.writeMessageBegin(new TMessage("emitZipkinBatch", TMessageType.ONEWAY, 7));
    out.writeStructBegin(new TStruct("args"));
    out.writeFieldBegin(new TField("spans", TType.LIST, (short) 1));
    out.writeListBegin(new TList(TType.STRUCT, 1));
    out.writeStructBegin(new TStruct("Span"));
    i64(out, 1, 0x1234L); // trace_id
    out.writeFieldBegin(new TField("name", TType.STRING, (short) 3));
    out.writeString("query");
    out.writeFieldEnd();
    i64(out, 4, 0x99L); // id
    out.writeFieldBegin(new TField("annotations", TType.LIST, (short) 6));
    out.writeListBegin(new TList(TType.STRUCT, 2));
    annotation(out, START, "cs");
    annotation(out, START + 900, "cr");
    out.writeListEnd();
    out.writeFieldEnd();
    out.writeFieldBegin(new TField("binary_annotations", TType.LIST, (short) 8));
    out.writeListBegin(new TList(TType.STRUCT, 8));
    binary(out, "http.url", "/x".getBytes(), 6, true);
    binary(out, "cache.hit", new byte[] {1}, 0, true);
    binary(out, "i16", ByteBuffer.allocate(2).putShort((short) -2).array(), 2, true);
    binary(out, "i32", ByteBuffer.allocate(4).putInt(70_000).array(), 3, true);
    binary(out, "http.status_code", ByteBuffer.allocate(8).putLong(503).array(), 4, true);
    binary(out, "ratio", ByteBuffer.allocate(8).putDouble(0.75).array(), 5, true);
    binary(out, "raw", new byte[] {1, 2, 3}, 1, true);
    // server address: the remote side, with its own endpoint
    out.writeStructBegin(new TStruct("BinaryAnnotation"));
    string(out, 1, "sa");
    out.writeFieldBegin(new TField("value", TType.STRING, (short) 2));
    out.writeBinary(ByteBuffer.wrap(new byte[] {1}));
    out.writeFieldEnd();
    i32(out, 3, 0);
    out.writeFieldBegin(new TField("host", TType.STRUCT, (short) 4));
    endpoint(out, (10 << 24) | (1 << 16) | (2 << 8) | 3, (short) 5432, "db");
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
    out.writeListEnd();
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
    out.writeListEnd();
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
    out.writeMessageEnd();
    return Arrays.copyOf(buffer.getArray(), buffer.length());
  }

  static void annotation(TProtocol out, long timestamp, String value) throws TException {
    out.writeStructBegin(new TStruct("Annotation"));
    i64(out, 1, timestamp);
    string(out, 2, value);
    out.writeFieldBegin(new TField("host", TType.STRUCT, (short) 3));
    endpoint(out, 0x7f000001, (short) 40000, "legacy"); // port above 32767: unsigned on the wire
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
  }

  static void binary(TProtocol out, String key, byte[] value, int type, boolean host)
      throws TException {
    out.writeStructBegin(new TStruct("BinaryAnnotation"));
    string(out, 1, key);
    out.writeFieldBegin(new TField("value", TType.STRING, (short) 2));
    out.writeBinary(ByteBuffer.wrap(value));
    out.writeFieldEnd();
    i32(out, 3, type);
    if (host) {
      out.writeFieldBegin(new TField("host", TType.STRUCT, (short) 4));
      endpoint(out, 0x7f000001, (short) 40000, "legacy");
      out.writeFieldEnd();
    }
    out.writeFieldStop();
    out.writeStructEnd();
  }

  static void endpoint(TProtocol out, int ipv4, short port, String service) throws TException {
    out.writeStructBegin(new TStruct("Endpoint"));
    i32(out, 1, ipv4);
    out.writeFieldBegin(new TField("port", TType.I16, (short) 2));
    out.writeI16(port);
    out.writeFieldEnd();
    string(out, 3, service);
    out.writeFieldStop();
    out.writeStructEnd();
  }

  static void i64(TProtocol out, int id, long v) throws TException {
    out.writeFieldBegin(new TField("", TType.I64, (short) id));
    out.writeI64(v);
    out.writeFieldEnd();
  }

  static void i32(TProtocol out, int id, int v) throws TException {
    out.writeFieldBegin(new TField("", TType.I32, (short) id));
    out.writeI32(v);
    out.writeFieldEnd();
  }

  static void string(TProtocol out, int id, String v) throws TException {
    out.writeFieldBegin(new TField("", TType.STRING, (short) id));
    out.writeString(v);
    out.writeFieldEnd();
  }
}
