package io.spanflow.schemas.thrift;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.convert.ConversionResult;
import io.spanflow.schemas.convert.ConversionResult.Rejected;
import io.spanflow.schemas.zipkin.ZipkinSpanConverter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TType;
import zipkin2.Endpoint;
import zipkin2.v1.V1Span;
import zipkin2.v1.V1SpanConverter;

/**
 * Reads zipkincore.thrift (Zipkin v1) spans: the agent's {@code emitZipkinBatch} UDP packets
 * (compact protocol, port 5775) and the list POSTed to the collector's {@code /api/v1/spans}
 * (binary protocol).
 *
 * <p>The structs are read with libthrift into Zipkin's {@link V1Span}, then Zipkin's own {@link
 * V1SpanConverter} turns them into v2 spans (a v1 span carrying both client and server annotations
 * becomes two spans with the same id), and {@link ZipkinSpanConverter} into Jaeger's model. Unlike
 * Zipkin's reader, which drops them, binary annotations of type BOOL, BYTES, I16, I32, I64 and
 * DOUBLE are kept as typed tags (bool, binary, int64, float64), as Jaeger's agent does.
 */
public final class ZipkinThriftDecoder {

  static final String EMIT_ZIPKIN_BATCH = "emitZipkinBatch";

  // AnnotationType enum of zipkincore.thrift
  private static final int BOOL = 0;
  private static final int BYTES = 1;
  private static final int I16 = 2;
  private static final int I32 = 3;
  private static final int I64 = 4;
  private static final int DOUBLE = 5;
  private static final int STRING = 6;

  private ZipkinThriftDecoder() {}

  /** Decodes an agent UDP packet ({@code Agent.emitZipkinBatch}); invalid spans are left out. */
  public static List<Span> decodeEmitZipkinBatch(byte[] packet, int length, ThriftProtocol protocol)
      throws ThriftDecodeException {
    return decodeEmitZipkinBatchDetailed(packet, length, protocol).spans();
  }

  /** Like {@link #decodeEmitZipkinBatch}, also reporting the spans rejected one by one. */
  public static ConversionResult decodeEmitZipkinBatchDetailed(
      byte[] packet, int length, ThriftProtocol protocol) throws ThriftDecodeException {
    return ThriftInput.readCallArgument(
        packet, length, protocol, EMIT_ZIPKIN_BATCH, TType.LIST, ZipkinThriftDecoder::readSpanList);
  }

  /**
   * Decodes a binary-protocol {@code list<Span>} (or a single span struct), as Zipkin reporters
   * POST to {@code /api/v1/spans}; invalid spans are left out. An empty body is an empty list.
   */
  public static List<Span> decodeSpans(byte[] body) throws ThriftDecodeException {
    return decodeSpansDetailed(body).spans();
  }

  /** Like {@link #decodeSpans}, also reporting the spans rejected one by one. */
  public static ConversionResult decodeSpansDetailed(byte[] body) throws ThriftDecodeException {
    if (body == null || body.length == 0) {
      return ConversionResult.of(List.of());
    }
    TProtocol in = ThriftInput.open(body, 0, body.length, ThriftProtocol.BINARY);
    try {
      if (body[0] == TType.STRUCT) {
        return readSpanList(in);
      }
      List<ReadSpan> v1 = new ArrayList<>(1);
      List<Rejected> rejected = new ArrayList<>(0);
      readSpan(in, 0, v1, rejected);
      return convert(v1, rejected);
    } catch (TException | RuntimeException e) {
      throw ThriftInput.translate(e);
    }
  }

  private static ConversionResult readSpanList(TProtocol in) throws TException {
    TList list = in.readListBegin();
    List<ReadSpan> v1 = new ArrayList<>(list.size);
    List<Rejected> rejected = new ArrayList<>(0);
    if (list.elemType != TType.STRUCT) {
      for (int i = 0; i < list.size; i++) {
        ThriftInput.skip(in, list.elemType);
      }
    } else {
      for (int i = 0; i < list.size; i++) {
        readSpan(in, i, v1, rejected);
      }
    }
    in.readListEnd();
    return convert(v1, rejected);
  }

  private static ConversionResult convert(List<ReadSpan> readSpans, List<Rejected> rejected) {
    V1SpanConverter converter = V1SpanConverter.create();
    List<Span> spans = new ArrayList<>(readSpans.size() + 2);
    List<Rejected> all = new ArrayList<>(rejected);
    List<zipkin2.Span> v2 = new ArrayList<>(2);
    for (ReadSpan read : readSpans) {
      v2.clear();
      try {
        converter.convert(read.v1(), v2);
      } catch (RuntimeException e) {
        all.add(new Rejected("invalid_span", "zipkin v1 span " + read.v1().id() + ": " + e));
        continue;
      }
      ConversionResult converted = ZipkinSpanConverter.convert(v2);
      all.addAll(converted.rejected());
      for (Span span : converted.spans()) {
        spans.add(read.typed().isEmpty() ? span : retype(span, read.typed()));
      }
    }
    return new ConversionResult(spans, all);
  }

  /**
   * Zipkin's model holds only string tags; put back the types the thrift binary annotations had (as
   * Jaeger's own agent does): BOOL, I16/I32/I64 → INT64, DOUBLE → FLOAT64, BYTES → BINARY.
   */
  private static Span retype(Span span, Map<String, Typed> typed) {
    Span.Builder out = span.toBuilder();
    for (int i = 0; i < out.getTagsCount(); i++) {
      KeyValue tag = out.getTags(i);
      Typed t = typed.get(tag.getKey());
      if (t != null && tag.getVType() == ValueType.STRING && tag.getVStr().equals(t.asString())) {
        out.setTags(i, t.value());
      }
    }
    return out.build();
  }

  /** A span as read from thrift, plus the typed values of its non-string binary annotations. */
  private record ReadSpan(V1Span v1, Map<String, Typed> typed) {}

  /** A typed binary annotation and the string Zipkin's model carries it as. */
  private record Typed(KeyValue value, String asString) {}

  private static void readSpan(TProtocol in, int index, List<ReadSpan> out, List<Rejected> rejected)
      throws TException {
    V1Span.Builder span = V1Span.newBuilder();
    Map<String, Typed> typed = new HashMap<>(0);
    List<String> warnings = new ArrayList<>(0);
    boolean hasTraceId = false;
    boolean hasId = false;
    in.readStructBegin();
    while (true) {
      TField field = in.readFieldBegin();
      if (field.type == TType.STOP) {
        break;
      }
      if (field.id == 1 && field.type == TType.I64) {
        span.traceId(in.readI64());
        hasTraceId = true;
      } else if (field.id == 3 && field.type == TType.STRING) {
        span.name(ThriftInput.readString(in, "name", warnings));
      } else if (field.id == 4 && field.type == TType.I64) {
        span.id(in.readI64());
        hasId = true;
      } else if (field.id == 5 && field.type == TType.I64) {
        span.parentId(in.readI64());
      } else if (field.id == 6 && field.type == TType.LIST) {
        TList list = in.readListBegin();
        for (int i = 0; i < list.size; i++) {
          if (list.elemType == TType.STRUCT) {
            readAnnotation(in, span, warnings);
          } else {
            ThriftInput.skip(in, list.elemType);
          }
        }
        in.readListEnd();
      } else if (field.id == 8 && field.type == TType.LIST) {
        TList list = in.readListBegin();
        for (int i = 0; i < list.size; i++) {
          if (list.elemType == TType.STRUCT) {
            readBinaryAnnotation(in, span, typed, warnings);
          } else {
            ThriftInput.skip(in, list.elemType);
          }
        }
        in.readListEnd();
      } else if (field.id == 9 && field.type == TType.BOOL) {
        span.debug(in.readBool());
      } else if (field.id == 10 && field.type == TType.I64) {
        span.timestamp(in.readI64());
      } else if (field.id == 11 && field.type == TType.I64) {
        span.duration(in.readI64());
      } else if (field.id == 12 && field.type == TType.I64) {
        span.traceIdHigh(in.readI64());
      } else {
        ThriftInput.skip(in, field.type);
      }
      in.readFieldEnd();
    }
    in.readStructEnd();
    if (!hasTraceId || (span.traceId() == 0 && span.traceIdHigh() == 0)) {
      rejected.add(
          new Rejected(
              hasTraceId ? "invalid_trace_id" : "missing_trace_id",
              "zipkin span #" + index + " has no non-zero trace id"));
      return;
    }
    if (!hasId || span.id() == 0) {
      rejected.add(
          new Rejected(
              hasId ? "invalid_span_id" : "missing_span_id",
              "zipkin span #" + index + " has no non-zero span id"));
      return;
    }
    for (String warning : warnings) {
      // V1Span has no warnings; a tag keeps the fact visible instead of dropping it.
      span.addBinaryAnnotation("spanflow.warning", warning, null);
    }
    out.add(new ReadSpan(span.build(), typed));
  }

  private static void readAnnotation(TProtocol in, V1Span.Builder span, List<String> warnings)
      throws TException {
    long timestamp = 0;
    String value = null;
    Endpoint host = null;
    in.readStructBegin();
    while (true) {
      TField field = in.readFieldBegin();
      if (field.type == TType.STOP) {
        break;
      }
      if (field.id == 1 && field.type == TType.I64) {
        timestamp = in.readI64();
      } else if (field.id == 2 && field.type == TType.STRING) {
        value = ThriftInput.readString(in, "annotation", warnings);
      } else if (field.id == 3 && field.type == TType.STRUCT) {
        host = readEndpoint(in, warnings);
      } else {
        ThriftInput.skip(in, field.type);
      }
      in.readFieldEnd();
    }
    in.readStructEnd();
    if (value == null) {
      return; // nothing to keep
    }
    span.addAnnotation(timestamp, value, host);
  }

  private static void readBinaryAnnotation(
      TProtocol in, V1Span.Builder span, Map<String, Typed> typed, List<String> warnings)
      throws TException {
    String key = null;
    ByteBuffer value = null;
    int type = STRING;
    Endpoint host = null;
    in.readStructBegin();
    while (true) {
      TField field = in.readFieldBegin();
      if (field.type == TType.STOP) {
        break;
      }
      if (field.id == 1 && field.type == TType.STRING) {
        key = ThriftInput.readString(in, "binary annotation key", warnings);
      } else if (field.id == 2 && field.type == TType.STRING) {
        ByteBuffer raw = in.readBinary();
        value = ByteBuffer.allocate(raw.remaining()).put(raw.duplicate()).flip();
      } else if (field.id == 3 && field.type == TType.I32) {
        type = in.readI32();
      } else if (field.id == 4 && field.type == TType.STRUCT) {
        host = readEndpoint(in, warnings);
      } else {
        ThriftInput.skip(in, field.type);
      }
      in.readFieldEnd();
    }
    in.readStructEnd();
    if (key == null) {
      return;
    }
    if (value == null) {
      value = ByteBuffer.allocate(0);
    }
    boolean isTrue = value.remaining() == 1 && value.get(value.position()) == 1;
    if (type == BOOL && host != null && isAddressKey(key)) {
      if (isTrue) {
        span.addBinaryAnnotation(key, host);
      }
      return;
    }
    String asString = valueAsString(type, value, key, warnings);
    span.addBinaryAnnotation(key, asString, host);
    KeyValue typedValue = typedValue(type, key, value);
    if (typedValue != null) {
      typed.put(key, new Typed(typedValue, asString));
    }
  }

  private static KeyValue typedValue(int type, String key, ByteBuffer value) {
    KeyValue.Builder kv = KeyValue.newBuilder().setKey(key);
    ByteBuffer v = value.duplicate();
    try {
      switch (type) {
        case BOOL:
          return kv.setVType(ValueType.BOOL)
              .setVBool(v.remaining() == 1 && v.get(v.position()) != 0)
              .build();
        case I16:
          return kv.setVType(ValueType.INT64).setVInt64(v.getShort()).build();
        case I32:
          return kv.setVType(ValueType.INT64).setVInt64(v.getInt()).build();
        case I64:
          return kv.setVType(ValueType.INT64).setVInt64(v.getLong()).build();
        case DOUBLE:
          return kv.setVType(ValueType.FLOAT64).setVFloat64(v.getDouble()).build();
        case BYTES:
          return kv.setVType(ValueType.BINARY).setVBinary(ByteString.copyFrom(v)).build();
        default:
          return null;
      }
    } catch (java.nio.BufferUnderflowException e) {
      return null; // too short for its type: the base64 string stays
    }
  }

  private static boolean isAddressKey(String key) {
    return key.equals("ca") || key.equals("sa") || key.equals("ma");
  }

  private static String valueAsString(
      int type, ByteBuffer value, String key, List<String> warnings) {
    int n = value.remaining();
    try {
      switch (type) {
        case STRING:
          String s = StandardCharsets.UTF_8.decode(value.duplicate()).toString();
          if (s.indexOf('\uFFFD') >= 0) {
            warnings.add("binary annotation " + key + " may contain invalid UTF-8");
          }
          return s;
        case BOOL:
          return Boolean.toString(n == 1 && value.get(value.position()) != 0);
        case I16:
          return Short.toString(value.duplicate().getShort());
        case I32:
          return Integer.toString(value.duplicate().getInt());
        case I64:
          return Long.toString(value.duplicate().getLong());
        case DOUBLE:
          return Double.toString(value.duplicate().getDouble());
        case BYTES:
        default:
          byte[] bytes = new byte[n];
          value.duplicate().get(bytes);
          return Base64.getEncoder().encodeToString(bytes);
      }
    } catch (java.nio.BufferUnderflowException e) {
      warnings.add(
          "binary annotation " + key + " of type " + type + " is too short, kept as base64");
      byte[] bytes = new byte[n];
      value.duplicate().get(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    }
  }

  private static Endpoint readEndpoint(TProtocol in, List<String> warnings) throws TException {
    Endpoint.Builder endpoint = Endpoint.newBuilder();
    in.readStructBegin();
    while (true) {
      TField field = in.readFieldBegin();
      if (field.type == TType.STOP) {
        break;
      }
      if (field.id == 1 && field.type == TType.I32) {
        int ipv4 = in.readI32();
        if (ipv4 != 0) {
          endpoint.parseIp(
              new byte[] {
                (byte) (ipv4 >> 24), (byte) (ipv4 >> 16), (byte) (ipv4 >> 8), (byte) ipv4
              });
        }
      } else if (field.id == 2 && field.type == TType.I16) {
        int port = in.readI16() & 0xFFFF; // unsigned on the wire
        if (port != 0) {
          endpoint.port(port);
        }
      } else if (field.id == 3 && field.type == TType.STRING) {
        endpoint.serviceName(ThriftInput.readString(in, "service_name", warnings));
      } else if (field.id == 4 && field.type == TType.STRING) {
        ByteBuffer raw = in.readBinary();
        byte[] ipv6 = new byte[raw.remaining()];
        raw.duplicate().get(ipv6);
        if (ipv6.length == 16) {
          endpoint.parseIp(ipv6);
        }
      } else {
        ThriftInput.skip(in, field.type);
      }
      in.readFieldEnd();
    }
    in.readStructEnd();
    return endpoint.build();
  }
}
