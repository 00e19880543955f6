package io.spanflow.schemas.thrift;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.convert.ConversionResult.Rejected;
import io.spanflow.schemas.convert.Times;
import io.spanflow.schemas.ids.TraceIds;
import java.util.ArrayList;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TType;

/**
 * Reads jaeger.thrift (the agent's {@code emitBatch} UDP packets and bare {@code Batch} structs)
 * into {@code jaeger.api_v2} protos, without generated code.
 *
 * <p>Field ids follow jaeger-idl's {@code jaeger.thrift} and {@code agent.thrift}. Unknown fields,
 * and known fields of an unexpected type, are skipped so newer clients still decode. Spans that are
 * readable but invalid (zero or missing trace/span id) are rejected one by one; input that is not
 * readable thrift throws {@link ThriftDecodeException}.
 *
 * <p>Like Jaeger's own converter: a non-zero {@code parentSpanId} without a reference to that span
 * becomes a leading CHILD_OF reference (Java and Node clients send the parent only that way), and
 * the batch process is embedded in every span.
 */
public final class JaegerThriftDecoder {

  static final String EMIT_BATCH = "emitBatch";

  // TagType enum of jaeger.thrift
  private static final int TAG_STRING = 0;
  private static final int TAG_DOUBLE = 1;
  private static final int TAG_BOOL = 2;
  private static final int TAG_LONG = 3;
  private static final int TAG_BINARY = 4;

  private JaegerThriftDecoder() {}

  /**
   * Decodes one agent UDP packet: an {@code Agent.emitBatch} oneway message whose argument 1 is a
   * {@code Batch}. Invalid spans are left out; use {@link #decodeEmitBatchDetailed} to see them.
   */
  public static Batch decodeEmitBatch(byte[] packet, int length, ThriftProtocol protocol)
      throws ThriftDecodeException {
    return decodeEmitBatchDetailed(packet, length, protocol).batch();
  }

  /** Like {@link #decodeEmitBatch}, also reporting the spans rejected one by one. */
  public static DecodedBatch decodeEmitBatchDetailed(
      byte[] packet, int length, ThriftProtocol protocol) throws ThriftDecodeException {
    return ThriftInput.readCallArgument(
        packet, length, protocol, EMIT_BATCH, TType.STRUCT, JaegerThriftDecoder::readBatch);
  }

  /**
   * Decodes a bare jaeger.thrift {@code Batch} struct, as POSTed to the collector's {@code
   * /api/traces}. Invalid spans are left out; use {@link #decodeBatchDetailed} to see them.
   */
  public static Batch decodeBatch(byte[] body, ThriftProtocol protocol)
      throws ThriftDecodeException {
    return decodeBatchDetailed(body, protocol).batch();
  }

  /** Like {@link #decodeBatch}, also reporting the spans rejected one by one. */
  public static DecodedBatch decodeBatchDetailed(byte[] body, ThriftProtocol protocol)
      throws ThriftDecodeException {
    TProtocol in = ThriftInput.open(body, 0, body == null ? 0 : body.length, protocol);
    try {
      return readBatch(in);
    } catch (TException | RuntimeException e) {
      throw ThriftInput.translate(e);
    }
  }

  private static DecodedBatch readBatch(TProtocol in) throws TException, ThriftDecodeException {
    Process process = null;
    List<Span.Builder> spans = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    boolean sawSpans = false;
    in.readStructBegin();
    while (true) {
      TField field = in.readFieldBegin();
      if (field.type == TType.STOP) {
        break;
      }
      if (field.id == 1 && field.type == TType.STRUCT) {
        process = readProcess(in);
      } else if (field.id == 2 && field.type == TType.LIST) {
        sawSpans = true;
        TList list = in.readListBegin();
        if (list.elemType != TType.STRUCT) {
          skipElements(in, list);
        } else {
          for (int i = 0; i < list.size; i++) {
            readSpanInto(in, spans, rejected, i);
          }
        }
        in.readListEnd();
      } else {
        // 3: seqNo, 4: stats (newer clients) and anything else we do not model.
        ThriftInput.skip(in, field.type);
      }
      in.readFieldEnd();
    }
    in.readStructEnd();
    if (!sawSpans) {
      throw new ThriftDecodeException(
          ThriftDecodeException.MISSING_FIELD, "batch without the required spans list");
    }
    if (process == null) {
      // Required by the IDL; keep the spans and let validation downstream judge the service.
      process = Process.getDefaultInstance();
    }
    Batch.Builder batch = Batch.newBuilder().setProcess(process);
    for (Span.Builder span : spans) {
      batch.addSpans(span.setProcess(process));
    }
    return new DecodedBatch(batch.build(), rejected);
  }

  private static Process readProcess(TProtocol in) throws TException {
    Process.Builder process = Process.newBuilder();
    List<String> warnings = new ArrayList<>(0);
    in.readStructBegin();
    while (true) {
      TField field = in.readFieldBegin();
      if (field.type == TType.STOP) {
        break;
      }
      if (field.id == 1 && field.type == TType.STRING) {
        process.setServiceName(ThriftInput.readString(in, "serviceName", warnings));
      } else if (field.id == 2 && field.type == TType.LIST) {
        readTags(in, null, process, null, warnings);
      } else {
        ThriftInput.skip(in, field.type);
      }
      in.readFieldEnd();
    }
    in.readStructEnd();
    // A process has no warnings field; keep the fact visible as a tag rather than dropping it.
    for (String w : warnings) {
      process.addTags(stringTag("spanflow.warning", "process " + w));
    }
    return process.build();
  }

  private static void readSpanInto(
      TProtocol in, List<Span.Builder> out, List<Rejected> rejected, int index) throws TException {
    Span.Builder span = Span.newBuilder();
    List<String> warnings = new ArrayList<>(0);
    long traceIdLow = 0;
    long traceIdHigh = 0;
    long spanId = 0;
    long parentSpanId = 0;
    long startTime = 0;
    long duration = 0;
    boolean hasTraceId = false;
    boolean hasSpanId = false;
    List<SpanRef> references = List.of();
    in.readStructBegin();
    while (true) {
      TField field = in.readFieldBegin();
      if (field.type == TType.STOP) {
        break;
      }
      switch (field.id) {
        case 1 -> {
          if (ThriftInput.fieldIs(in, field, TType.I64)) {
            traceIdLow = in.readI64();
            hasTraceId = true;
          }
        }
        case 2 -> {
          if (ThriftInput.fieldIs(in, field, TType.I64)) {
            traceIdHigh = in.readI64();
          }
        }
        case 3 -> {
          if (ThriftInput.fieldIs(in, field, TType.I64)) {
            spanId = in.readI64();
            hasSpanId = true;
          }
        }
        case 4 -> {
          if (ThriftInput.fieldIs(in, field, TType.I64)) {
            parentSpanId = in.readI64();
          }
        }
        case 5 -> {
          if (ThriftInput.fieldIs(in, field, TType.STRING)) {
            span.setOperationName(ThriftInput.readString(in, "operationName", warnings));
          }
        }
        case 6 -> {
          if (ThriftInput.fieldIs(in, field, TType.LIST)) {
            references = readReferences(in);
          }
        }
        case 7 -> {
          if (ThriftInput.fieldIs(in, field, TType.I32)) {
            span.setFlags(in.readI32());
          }
        }
        case 8 -> {
          if (ThriftInput.fieldIs(in, field, TType.I64)) {
            startTime = in.readI64();
          }
        }
        case 9 -> {
          if (ThriftInput.fieldIs(in, field, TType.I64)) {
            duration = in.readI64();
          }
        }
        case 10 -> {
          if (ThriftInput.fieldIs(in, field, TType.LIST)) {
            readTags(in, span, null, null, warnings);
          }
        }
        case 11 -> {
          if (ThriftInput.fieldIs(in, field, TType.LIST)) {
            readLogs(in, span, warnings);
          }
        }
        default -> ThriftInput.skip(in, field.type); // 12: incomplete, and future fields
      }
      in.readFieldEnd();
    }
    in.readStructEnd();

    if (!hasTraceId || (traceIdLow == 0 && traceIdHigh == 0)) {
      rejected.add(
          new Rejected(
              hasTraceId ? "invalid_trace_id" : "missing_trace_id",
              "span #" + index + " (" + span.getOperationName() + ") has no non-zero trace id"));
      return;
    }
    if (!hasSpanId || spanId == 0) {
      rejected.add(
          new Rejected(
              hasSpanId ? "invalid_span_id" : "missing_span_id",
              "span #"
                  + index
                  + " ("
                  + span.getOperationName()
                  + ") of trace "
                  + TraceIds.toHex(TraceIds.traceId(traceIdHigh, traceIdLow))
                  + " has no non-zero span id"));
      return;
    }
    ByteString traceId = TraceIds.traceId(traceIdHigh, traceIdLow);
    span.setTraceId(traceId)
        .setSpanId(TraceIds.spanId(spanId))
        .setStartTime(Times.timestampFromMicros(startTime))
        .setDuration(Times.durationFromMicros(duration));
    if (parentSpanId != 0 && !refersTo(references, traceId, parentSpanId)) {
      span.addReferences(
          SpanRef.newBuilder()
              .setTraceId(traceId)
              .setSpanId(TraceIds.spanId(parentSpanId))
              .setRefType(SpanRefType.CHILD_OF));
    }
    span.addAllReferences(references);
    span.addAllWarnings(warnings);
    out.add(span);
  }

  private static boolean refersTo(List<SpanRef> references, ByteString traceId, long spanId) {
    ByteString parent = TraceIds.spanId(spanId);
    for (SpanRef ref : references) {
      if (ref.getSpanId().equals(parent) && ref.getTraceId().equals(traceId)) {
        return true;
      }
    }
    return false;
  }

  private static List<SpanRef> readReferences(TProtocol in) throws TException {
    TList list = in.readListBegin();
    if (list.elemType != TType.STRUCT) {
      skipElements(in, list);
      in.readListEnd();
      return List.of();
    }
    List<SpanRef> refs = new ArrayList<>(list.size);
    for (int i = 0; i < list.size; i++) {
      int refType = 0;
      long low = 0;
      long high = 0;
      long spanId = 0;
      in.readStructBegin();
      while (true) {
        TField field = in.readFieldBegin();
        if (field.type == TType.STOP) {
          break;
        }
        if (field.id == 1 && field.type == TType.I32) {
          refType = in.readI32();
        } else if (field.id == 2 && field.type == TType.I64) {
          low = in.readI64();
        } else if (field.id == 3 && field.type == TType.I64) {
          high = in.readI64();
        } else if (field.id == 4 && field.type == TType.I64) {
          spanId = in.readI64();
        } else {
          ThriftInput.skip(in, field.type);
        }
        in.readFieldEnd();
      }
      in.readStructEnd();
      refs.add(
          SpanRef.newBuilder()
              .setTraceId(TraceIds.traceId(high, low))
              .setSpanId(TraceIds.spanId(spanId))
              .setRefType(refType == 1 ? SpanRefType.FOLLOWS_FROM : SpanRefType.CHILD_OF)
              .build());
    }
    in.readListEnd();
    return refs;
  }

  private static void readLogs(TProtocol in, Span.Builder span, List<String> warnings)
      throws TException {
    TList list = in.readListBegin();
    if (list.elemType != TType.STRUCT) {
      skipElements(in, list);
      in.readListEnd();
      return;
    }
    for (int i = 0; i < list.size; i++) {
      Log.Builder log = Log.newBuilder();
      in.readStructBegin();
      while (true) {
        TField field = in.readFieldBegin();
        if (field.type == TType.STOP) {
          break;
        }
        if (field.id == 1 && field.type == TType.I64) {
          log.setTimestamp(Times.timestampFromMicros(in.readI64()));
        } else if (field.id == 2 && field.type == TType.LIST) {
          readTags(in, null, null, log, warnings);
        } else {
          ThriftInput.skip(in, field.type);
        }
        in.readFieldEnd();
      }
      in.readStructEnd();
      span.addLogs(log);
    }
    in.readListEnd();
  }

  /** Reads a list of Tag structs into whichever of span, process or log is given. */
  private static void readTags(
      TProtocol in,
      Span.Builder span,
      Process.Builder process,
      Log.Builder log,
      List<String> warnings)
      throws TException {
    TList list = in.readListBegin();
    if (list.elemType != TType.STRUCT) {
      skipElements(in, list);
      in.readListEnd();
      return;
    }
    for (int i = 0; i < list.size; i++) {
      KeyValue tag = readTag(in, warnings);
      if (span != null) {
        span.addTags(tag);
      } else if (process != null) {
        process.addTags(tag);
      } else {
        log.addFields(tag);
      }
    }
    in.readListEnd();
  }

  private static KeyValue readTag(TProtocol in, List<String> warnings) throws TException {
    String key = "";
    int type = TAG_STRING;
    String vStr = null;
    double vDouble = 0;
    boolean vBool = false;
    long vLong = 0;
    ByteString vBinary = null;
    in.readStructBegin();
    while (true) {
      TField field = in.readFieldBegin();
      if (field.type == TType.STOP) {
        break;
      }
      switch (field.id) {
        case 1 -> {
          if (ThriftInput.fieldIs(in, field, TType.STRING)) {
            key = ThriftInput.readString(in, "tag key", warnings);
          }
        }
        case 2 -> {
          if (ThriftInput.fieldIs(in, field, TType.I32)) {
            type = in.readI32();
          }
        }
        case 3 -> {
          if (ThriftInput.fieldIs(in, field, TType.STRING)) {
            vStr = ThriftInput.readString(in, "tag value", warnings);
          }
        }
        case 4 -> {
          if (ThriftInput.fieldIs(in, field, TType.DOUBLE)) {
            vDouble = in.readDouble();
          }
        }
        case 5 -> {
          if (ThriftInput.fieldIs(in, field, TType.BOOL)) {
            vBool = in.readBool();
          }
        }
        case 6 -> {
          if (ThriftInput.fieldIs(in, field, TType.I64)) {
            vLong = in.readI64();
          }
        }
        case 7 -> {
          if (ThriftInput.fieldIs(in, field, TType.STRING)) {
            vBinary = ThriftInput.readBinary(in);
          }
        }
        default -> ThriftInput.skip(in, field.type);
      }
      in.readFieldEnd();
    }
    in.readStructEnd();
    KeyValue.Builder kv = KeyValue.newBuilder().setKey(key);
    switch (type) {
      case TAG_DOUBLE -> kv.setVType(ValueType.FLOAT64).setVFloat64(vDouble);
      case TAG_BOOL -> kv.setVType(ValueType.BOOL).setVBool(vBool);
      case TAG_LONG -> kv.setVType(ValueType.INT64).setVInt64(vLong);
      case TAG_BINARY ->
          kv.setVType(ValueType.BINARY).setVBinary(vBinary == null ? ByteString.EMPTY : vBinary);
      case TAG_STRING -> kv.setVType(ValueType.STRING).setVStr(vStr == null ? "" : vStr);
      default -> {
        // A tag type newer than this reader: keep whatever value came, as a string.
        warnings.add("tag " + key + " has unknown type " + type + ", kept as string");
        kv.setVType(ValueType.STRING).setVStr(vStr == null ? "" : vStr);
      }
    }
    return kv.build();
  }

  private static void skipElements(TProtocol in, TList list) throws TException {
    for (int i = 0; i < list.size; i++) {
      ThriftInput.skip(in, list.elemType);
    }
  }

  private static KeyValue stringTag(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.STRING).setVStr(value).build();
  }
}
