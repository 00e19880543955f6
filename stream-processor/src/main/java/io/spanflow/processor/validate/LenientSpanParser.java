package io.spanflow.processor.validate;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.spanflow.proto.jaeger.Span;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses a {@link Span}, repairing invalid UTF-8 in string fields instead of failing.
 *
 * <p>Protobuf-java refuses proto3 strings that are not UTF-8, and some clients send them (binary
 * tag values stuffed into strings). We re-read such a record as an untyped field set, guided by the
 * Span descriptor, replace malformed sequences with U+FFFD, and parse again.
 */
final class LenientSpanParser {

  /** A parsed span and the paths of the string fields whose UTF-8 had to be repaired. */
  record Parsed(Span span, Set<String> repairedFields) {}

  private LenientSpanParser() {}

  static Parsed parse(byte[] bytes) throws InvalidProtocolBufferException {
    try {
      return new Parsed(Span.parseFrom(bytes), Set.of());
    } catch (InvalidProtocolBufferException strict) {
      Set<String> repaired = new TreeSet<>();
      ByteString fixed;
      try {
        fixed = repair(ByteString.copyFrom(bytes), Span.getDescriptor(), "", repaired);
      } catch (InvalidProtocolBufferException notWireFormat) {
        throw strict;
      }
      if (repaired.isEmpty()) {
        throw strict;
      }
      return new Parsed(Span.parseFrom(fixed), repaired);
    }
  }

  private static ByteString repair(
      ByteString raw, Descriptor type, String path, Set<String> repaired)
      throws InvalidProtocolBufferException {
    UnknownFieldSet fields = UnknownFieldSet.parseFrom(raw);
    UnknownFieldSet.Builder out = UnknownFieldSet.newBuilder();
    for (Map.Entry<Integer, UnknownFieldSet.Field> e : fields.asMap().entrySet()) {
      FieldDescriptor fd = type.findFieldByNumber(e.getKey());
      UnknownFieldSet.Field f = e.getValue();
      if (fd == null || f.getLengthDelimitedList().isEmpty()) {
        out.addField(e.getKey(), f);
        continue;
      }
      String fieldPath = path.isEmpty() ? fd.getName() : path + "." + fd.getName();
      UnknownFieldSet.Field.Builder fb = UnknownFieldSet.Field.newBuilder();
      f.getVarintList().forEach(fb::addVarint);
      f.getFixed32List().forEach(fb::addFixed32);
      f.getFixed64List().forEach(fb::addFixed64);
      f.getGroupList().forEach(fb::addGroup);
      for (ByteString value : f.getLengthDelimitedList()) {
        if (fd.getType() == FieldDescriptor.Type.STRING && !value.isValidUtf8()) {
          repaired.add(fieldPath);
          fb.addLengthDelimited(
              ByteString.copyFromUtf8(
                  new String(value.toByteArray(), StandardCharsets.UTF_8))); // U+FFFD
        } else if (fd.getType() == FieldDescriptor.Type.MESSAGE) {
          fb.addLengthDelimited(repair(value, fd.getMessageType(), fieldPath, repaired));
        } else {
          fb.addLengthDelimited(value);
        }
      }
      out.addField(e.getKey(), fb.build());
    }
    return out.build().toByteString();
  }
}
