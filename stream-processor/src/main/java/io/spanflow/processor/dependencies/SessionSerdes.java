package io.spanflow.processor.dependencies;

import io.spanflow.processor.json.JsonSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Binary serdes for the trace-session stores, written for every span: JSON there cost a large share
 * of the stream thread. Both still read the JSON that earlier versions wrote, so existing
 * changelogs restore after an upgrade.
 */
final class SessionSerdes {

  private static final byte V1 = 1;

  private SessionSerdes() {}

  static Serde<TraceSession> session() {
    return Serdes.serdeFrom(
        (topic, s) -> {
          if (s == null) {
            return null;
          }
          return write(out -> out.writeLong(s.lastArrivalMillis), s.closed);
        },
        (topic, data) ->
            read(
                data,
                TraceSession.class,
                in -> {
                  TraceSession s = new TraceSession();
                  s.lastArrivalMillis = in.readLong();
                  s.closed = in.readBoolean();
                  return s;
                }));
  }

  static Serde<SpanNode> node() {
    return Serdes.serdeFrom(
        (topic, n) -> {
          if (n == null) {
            return null;
          }
          return write(
              out -> {
                out.writeUTF(orEmpty(n.spanId));
                out.writeUTF(orEmpty(n.parentId));
                out.writeUTF(orEmpty(n.service));
                out.writeUTF(orEmpty(n.kind));
                out.writeBoolean(n.error);
                out.writeUTF(orEmpty(n.peerService));
                out.writeLong(n.startMillis);
                out.writeByte(n.flags());
              },
              null);
        },
        (topic, data) ->
            read(
                data,
                SpanNode.class,
                in -> {
                  SpanNode n = new SpanNode();
                  n.spanId = in.readUTF();
                  n.parentId = in.readUTF();
                  n.service = in.readUTF();
                  n.kind = in.readUTF();
                  n.error = in.readBoolean();
                  n.peerService = in.readUTF();
                  n.startMillis = in.readLong();
                  int flags = in.readByte();
                  n.linked = (flags & 1) != 0;
                  n.leafDecided = (flags & 2) != 0;
                  n.leafCounted = (flags & 4) != 0;
                  return n;
                }));
  }

  /** Facts use "" for absent values; a node read from old JSON may still hold null. */
  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer body, Boolean trailingFlag) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(V1);
      body.write(out);
      if (trailingFlag != null) {
        out.writeBoolean(trailingFlag);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] data, Class<T> type, Reader<T> body) {
    if (data == null) {
      return null;
    }
    try {
      if (data.length > 0 && data[0] == '{') {
        return JsonSerde.MAPPER.readValue(data, type);
      }
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      if (in.readByte() != V1) {
        throw new IOException("unknown encoding " + data[0]);
      }
      return body.read(in);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot read a " + type.getSimpleName(), e);
    }
  }
}
