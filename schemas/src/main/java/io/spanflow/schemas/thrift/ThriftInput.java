package io.spanflow.schemas.thrift;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolException;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TTransportException;

/** Opening thrift input over a byte array and translating libthrift's failures to our reasons. */
final class ThriftInput {

  /** Deep enough for every struct we read; bounds hostile nesting in skipped fields. */
  private static final int RECURSION_LIMIT = 32;

  private ThriftInput() {}

  static TProtocol open(byte[] bytes, int offset, int length, ThriftProtocol protocol)
      throws ThriftDecodeException {
    if (bytes == null) {
      throw new ThriftDecodeException(ThriftDecodeException.TRUNCATED, "no input");
    }
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IllegalArgumentException(
          "offset " + offset + " / length " + length + " outside array of " + bytes.length);
    }
    try {
      // The message can never be larger than the bytes we hold; libthrift checks container and
      // string sizes against what is left, so hostile sizes fail fast instead of allocating.
      TConfiguration config =
          new TConfiguration(
              Math.max(length, 1), TConfiguration.DEFAULT_MAX_FRAME_SIZE, RECURSION_LIMIT);
      TMemoryInputTransport transport = new TMemoryInputTransport(config, bytes, offset, length);
      return switch (protocol) {
        case COMPACT -> new TCompactProtocol(transport, length, length);
        case BINARY -> new TBinaryProtocol(transport, length, length, false, true);
      };
    } catch (TTransportException e) {
      throw translate(e);
    }
  }

  /**
   * Whether {@code field} has the {@code expected} type; if not, its value is skipped, as a field
   * of an unexpected type is one a newer or different IDL wrote, not an error.
   */
  static boolean fieldIs(TProtocol in, TField field, byte expected) throws TException {
    if (field.type == expected) {
      return true;
    }
    skip(in, field.type);
    return false;
  }

  /** Reads one value of a thrift struct field. */
  @FunctionalInterface
  interface FieldReader<T> {
    T read(TProtocol in) throws TException, ThriftDecodeException;
  }

  /**
   * Decodes an agent UDP packet: a (oneway) call of {@code method} whose argument 1, of thrift type
   * {@code argumentType}, is read by {@code reader}; other arguments are skipped.
   */
  static <T> T readCallArgument(
      byte[] packet,
      int length,
      ThriftProtocol protocol,
      String method,
      byte argumentType,
      FieldReader<T> reader)
      throws ThriftDecodeException {
    TProtocol in = open(packet, 0, length, protocol);
    try {
      readCall(in, method);
      T argument = null;
      in.readStructBegin();
      while (true) {
        TField field = in.readFieldBegin();
        if (field.type == TType.STOP) {
          break;
        }
        if (field.id == 1 && field.type == argumentType) {
          argument = reader.read(in);
        } else {
          skip(in, field.type);
        }
        in.readFieldEnd();
      }
      in.readStructEnd();
      in.readMessageEnd();
      if (argument == null) {
        throw new ThriftDecodeException(
            ThriftDecodeException.MISSING_FIELD, method + " without its first argument");
      }
      return argument;
    } catch (TException | RuntimeException e) {
      throw translate(e);
    }
  }

  /** Reads a message header and checks it is a call or oneway call of {@code method}. */
  static void readCall(TProtocol in, String method) throws TException, ThriftDecodeException {
    TMessage message = in.readMessageBegin();
    if (message.type != TMessageType.ONEWAY && message.type != TMessageType.CALL) {
      throw new ThriftDecodeException(
          ThriftDecodeException.BAD_MESSAGE_TYPE,
          "expected a oneway call of " + method + ", got message type " + message.type);
    }
    if (!method.equals(message.name)) {
      throw new ThriftDecodeException(
          ThriftDecodeException.UNKNOWN_METHOD,
          "expected method " + method + ", got " + abbreviate(message.name));
    }
  }

  /**
   * Reads a thrift string, noting invalid UTF-8 (replaced by U+FFFD) in {@code warnings} rather
   * than failing: a bad byte in one tag should not lose the span.
   */
  static String readString(TProtocol in, String field, List<String> warnings) throws TException {
    ByteBuffer raw = in.readBinary();
    String s;
    if (raw.hasArray()) {
      s =
          new String(
              raw.array(),
              raw.arrayOffset() + raw.position(),
              raw.remaining(),
              StandardCharsets.UTF_8);
    } else {
      s = StandardCharsets.UTF_8.decode(raw.duplicate()).toString();
    }
    if (s.indexOf('\uFFFD') >= 0 && !isValidUtf8(raw)) {
      warnings.add("invalid UTF-8 in " + field + " replaced with U+FFFD");
    }
    return s;
  }

  /**
   * Skips a value we do not model. The depth bound matters: libthrift's default is unbounded, and a
   * 64 KB packet of nested structs would otherwise overflow the stack.
   */
  static void skip(TProtocol in, byte type) throws TException {
    TProtocolUtil.skip(in, type, RECURSION_LIMIT);
  }

  /** Reads thrift binary as an owned copy (the protocol may hand out a view of its buffer). */
  static ByteString readBinary(TProtocol in) throws TException {
    return ByteString.copyFrom(in.readBinary());
  }

  static ThriftDecodeException translate(Exception e) {
    if (e instanceof ThriftDecodeException t) {
      return t;
    }
    if (e instanceof TTransportException t) {
      // Reading from memory, the transport only fails when the bytes run out.
      return new ThriftDecodeException(
          ThriftDecodeException.TRUNCATED, "input ended early: " + t.getMessage(), e);
    }
    if (e instanceof TProtocolException t) {
      return new ThriftDecodeException(
          ThriftDecodeException.MALFORMED, "invalid thrift: " + t.getMessage(), e);
    }
    return new ThriftDecodeException(ThriftDecodeException.MALFORMED, "invalid thrift: " + e, e);
  }

  private static boolean isValidUtf8(ByteBuffer raw) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(raw.duplicate());
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
