package io.spanflow.schemas.thrift;

import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.schemas.convert.Times;
import io.spanflow.schemas.ids.TraceIds;
import java.util.Arrays;
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
import org.apache.thrift.transport.TTransportException;

/**
 * Writes {@code jaeger.api_v2} batches as jaeger.thrift, the way Jaeger clients send them: an agent
 * {@code emitBatch} UDP packet or a bare {@code Batch} for the collector's HTTP endpoint. Used by
 * fixtures, benchmarks and tests that play the client.
 *
 * <p>{@code parentSpanId} is the first CHILD_OF reference within the same trace; all references are
 * written too, so {@link JaegerThriftDecoder} gives back the same span.
 */
public final class JaegerThriftEncoder {

  private static final TStruct ARGS = new TStruct("emitBatch_args");
  private static final TField ARG_BATCH = new TField("batch", TType.STRUCT, (short) 1);

  private JaegerThriftEncoder() {}

  /** An agent UDP packet: the {@code Agent.emitBatch} oneway message. */
  public static byte[] encodeEmitBatch(Batch batch, ThriftProtocol protocol) {
    return write(
        protocol,
        out -> {
          out.writeMessageBegin(
              new TMessage(JaegerThriftDecoder.EMIT_BATCH, TMessageType.ONEWAY, 1));
          out.writeStructBegin(ARGS);
          out.writeFieldBegin(ARG_BATCH);
          writeBatch(out, batch);
          out.writeFieldEnd();
          out.writeFieldStop();
          out.writeStructEnd();
          out.writeMessageEnd();
        });
  }

  /** A bare {@code Batch} struct, as POSTed to {@code /api/traces}. */
  public static byte[] encodeBatch(Batch batch, ThriftProtocol protocol) {
    return write(protocol, out -> writeBatch(out, batch));
  }

  private interface Writer {
    void write(TProtocol out) throws TException;
  }

  private static byte[] write(ThriftProtocol protocol, Writer writer) {
    try {
      TMemoryBuffer buffer = new TMemoryBuffer(512);
      TProtocol out =
          protocol == ThriftProtocol.COMPACT
              ? new TCompactProtocol(buffer)
              : new TBinaryProtocol(buffer);
      writer.write(out);
      return Arrays.copyOf(buffer.getArray(), buffer.length());
    } catch (TTransportException e) {
      throw new IllegalStateException("memory buffer failed", e);
    } catch (TException e) {
      throw new IllegalStateException("thrift write failed", e);
    }
  }

  private static void writeBatch(TProtocol out, Batch batch) throws TException {
    out.writeStructBegin(new TStruct("Batch"));
    out.writeFieldBegin(new TField("process", TType.STRUCT, (short) 1));
    writeProcess(out, batch.getProcess());
    out.writeFieldEnd();
    out.writeFieldBegin(new TField("spans", TType.LIST, (short) 2));
    out.writeListBegin(new TList(TType.STRUCT, batch.getSpansCount()));
    for (Span span : batch.getSpansList()) {
      writeSpan(out, span);
    }
    out.writeListEnd();
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
  }

  private static void writeProcess(TProtocol out, Process process) throws TException {
    out.writeStructBegin(new TStruct("Process"));
    out.writeFieldBegin(new TField("serviceName", TType.STRING, (short) 1));
    out.writeString(process.getServiceName());
    out.writeFieldEnd();
    if (process.getTagsCount() > 0) {
      out.writeFieldBegin(new TField("tags", TType.LIST, (short) 2));
      writeTags(out, process.getTagsList());
      out.writeFieldEnd();
    }
    out.writeFieldStop();
    out.writeStructEnd();
  }

  private static void writeSpan(TProtocol out, Span span) throws TException {
    out.writeStructBegin(new TStruct("Span"));
    i64(out, 1, "traceIdLow", TraceIds.low(span.getTraceId()));
    i64(out, 2, "traceIdHigh", TraceIds.high(span.getTraceId()));
    i64(out, 3, "spanId", TraceIds.low(span.getSpanId()));
    i64(out, 4, "parentSpanId", parentSpanId(span));
    out.writeFieldBegin(new TField("operationName", TType.STRING, (short) 5));
    out.writeString(span.getOperationName());
    out.writeFieldEnd();
    if (span.getReferencesCount() > 0) {
      out.writeFieldBegin(new TField("references", TType.LIST, (short) 6));
      out.writeListBegin(new TList(TType.STRUCT, span.getReferencesCount()));
      for (SpanRef ref : span.getReferencesList()) {
        out.writeStructBegin(new TStruct("SpanRef"));
        out.writeFieldBegin(new TField("refType", TType.I32, (short) 1));
        out.writeI32(ref.getRefType() == SpanRefType.FOLLOWS_FROM ? 1 : 0);
        out.writeFieldEnd();
        i64(out, 2, "traceIdLow", TraceIds.low(ref.getTraceId()));
        i64(out, 3, "traceIdHigh", TraceIds.high(ref.getTraceId()));
        i64(out, 4, "spanId", TraceIds.low(ref.getSpanId()));
        out.writeFieldStop();
        out.writeStructEnd();
      }
      out.writeListEnd();
      out.writeFieldEnd();
    }
    out.writeFieldBegin(new TField("flags", TType.I32, (short) 7));
    out.writeI32(span.getFlags());
    out.writeFieldEnd();
    i64(out, 8, "startTime", Times.toMicros(span.getStartTime()));
    i64(out, 9, "duration", Times.toMicros(span.getDuration()));
    if (span.getTagsCount() > 0) {
      out.writeFieldBegin(new TField("tags", TType.LIST, (short) 10));
      writeTags(out, span.getTagsList());
      out.writeFieldEnd();
    }
    if (span.getLogsCount() > 0) {
      out.writeFieldBegin(new TField("logs", TType.LIST, (short) 11));
      out.writeListBegin(new TList(TType.STRUCT, span.getLogsCount()));
      for (Log log : span.getLogsList()) {
        out.writeStructBegin(new TStruct("Log"));
        i64(out, 1, "timestamp", Times.toMicros(log.getTimestamp()));
        out.writeFieldBegin(new TField("fields", TType.LIST, (short) 2));
        writeTags(out, log.getFieldsList());
        out.writeFieldEnd();
        out.writeFieldStop();
        out.writeStructEnd();
      }
      out.writeListEnd();
      out.writeFieldEnd();
    }
    out.writeFieldStop();
    out.writeStructEnd();
  }

  private static long parentSpanId(Span span) {
    for (SpanRef ref : span.getReferencesList()) {
      if (ref.getRefType() == SpanRefType.CHILD_OF && ref.getTraceId().equals(span.getTraceId())) {
        return TraceIds.low(ref.getSpanId());
      }
    }
    return 0;
  }

  private static void writeTags(TProtocol out, java.util.List<KeyValue> tags) throws TException {
    out.writeListBegin(new TList(TType.STRUCT, tags.size()));
    for (KeyValue tag : tags) {
      out.writeStructBegin(new TStruct("Tag"));
      out.writeFieldBegin(new TField("key", TType.STRING, (short) 1));
      out.writeString(tag.getKey());
      out.writeFieldEnd();
      out.writeFieldBegin(new TField("vType", TType.I32, (short) 2));
      switch (tag.getVType()) {
        case BOOL -> {
          out.writeI32(2);
          out.writeFieldEnd();
          out.writeFieldBegin(new TField("vBool", TType.BOOL, (short) 5));
          out.writeBool(tag.getVBool());
        }
        case INT64 -> {
          out.writeI32(3);
          out.writeFieldEnd();
          i64Begin(out, 6, "vLong");
          out.writeI64(tag.getVInt64());
        }
        case FLOAT64 -> {
          out.writeI32(1);
          out.writeFieldEnd();
          out.writeFieldBegin(new TField("vDouble", TType.DOUBLE, (short) 4));
          out.writeDouble(tag.getVFloat64());
        }
        case BINARY -> {
          out.writeI32(4);
          out.writeFieldEnd();
          out.writeFieldBegin(new TField("vBinary", TType.STRING, (short) 7));
          out.writeBinary(java.nio.ByteBuffer.wrap(tag.getVBinary().toByteArray()));
        }
        default -> {
          out.writeI32(0);
          out.writeFieldEnd();
          out.writeFieldBegin(new TField("vStr", TType.STRING, (short) 3));
          out.writeString(tag.getVStr());
        }
      }
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    }
    out.writeListEnd();
  }

  private static void i64(TProtocol out, int id, String name, long value) throws TException {
    i64Begin(out, id, name);
    out.writeI64(value);
    out.writeFieldEnd();
  }

  private static void i64Begin(TProtocol out, int id, String name) throws TException {
    out.writeFieldBegin(new TField(name, TType.I64, (short) id));
  }
}
