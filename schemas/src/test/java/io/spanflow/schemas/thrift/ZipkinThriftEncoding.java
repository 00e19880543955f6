package io.spanflow.schemas.thrift;

import java.util.Arrays;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TSet;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TMemoryInputTransport;
import zipkin2.Span;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Zipkin v1 thrift as legacy clients send it: Zipkin's own THRIFT encoder writes the binary span
 * list; a schema-free transcoder re-writes it in the compact protocol inside an {@code
 * emitZipkinBatch} message, as the agent receives on port 5775.
 */
final class ZipkinThriftEncoding {

  private ZipkinThriftEncoding() {}

  static byte[] spanList(List<Span> spans) {
    return SpanBytesEncoder.THRIFT.encodeList(spans);
  }

  static byte[] emitZipkinBatch(List<Span> spans, ThriftProtocol protocol) throws TException {
    byte[] list = spanList(spans);
    TMemoryBuffer buffer = new TMemoryBuffer(1024);
    TProtocol out =
        protocol == ThriftProtocol.COMPACT
            ? new TCompactProtocol(buffer)
            : new TBinaryProtocol(buffer);
    out.writeMessageBegin(new TMessage("emitZipkinBatch", TMessageType.ONEWAY, 1));
    out.writeStructBegin(new TStruct("emitZipkinBatch_args"));
    out.writeFieldBegin(new TField("spans", TType.LIST, (short) 1));
    if (spans.isEmpty()) {
      out.writeListBegin(new TList(TType.STRUCT, 0));
      out.writeListEnd();
    } else {
      copy(new TBinaryProtocol(new TMemoryInputTransport(list)), out, TType.LIST);
    }
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
    out.writeMessageEnd();
    return Arrays.copyOf(buffer.getArray(), buffer.length());
  }

  /** Copies one value of {@code type} from one protocol to another, without a schema. */
  static void copy(TProtocol in, TProtocol out, byte type) throws TException {
    switch (type) {
      case TType.BOOL -> out.writeBool(in.readBool());
      case TType.BYTE -> out.writeByte(in.readByte());
      case TType.I16 -> out.writeI16(in.readI16());
      case TType.I32 -> out.writeI32(in.readI32());
      case TType.I64 -> out.writeI64(in.readI64());
      case TType.DOUBLE -> out.writeDouble(in.readDouble());
      case TType.STRING -> out.writeBinary(in.readBinary());
      case TType.STRUCT -> {
        out.writeStructBegin(in.readStructBegin());
        while (true) {
          TField f = in.readFieldBegin();
          if (f.type == TType.STOP) {
            break;
          }
          out.writeFieldBegin(f);
          copy(in, out, f.type);
          in.readFieldEnd();
          out.writeFieldEnd();
        }
        out.writeFieldStop();
        in.readStructEnd();
        out.writeStructEnd();
      }
      case TType.LIST -> {
        TList l = in.readListBegin();
        out.writeListBegin(l);
        for (int i = 0; i < l.size; i++) {
          copy(in, out, l.elemType);
        }
        in.readListEnd();
        out.writeListEnd();
      }
      case TType.SET -> {
        TSet s = in.readSetBegin();
        out.writeSetBegin(s);
        for (int i = 0; i < s.size; i++) {
          copy(in, out, s.elemType);
        }
        in.readSetEnd();
        out.writeSetEnd();
      }
      case TType.MAP -> {
        TMap m = in.readMapBegin();
        out.writeMapBegin(m);
        for (int i = 0; i < m.size; i++) {
          copy(in, out, m.keyType);
          copy(in, out, m.valueType);
        }
        in.readMapEnd();
        out.writeMapEnd();
      }
      default -> throw new IllegalArgumentException("type " + type);
    }
  }
}
