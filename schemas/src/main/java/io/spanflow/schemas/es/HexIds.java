package io.spanflow.schemas.es;

import com.google.protobuf.ByteString;

/**
 * Jaeger's id strings: a trace id is 32 hex chars, or 16 when its high 64 bits are zero
 * (TraceID.String()); a span id is 16 hex chars. Parsing accepts shorter, unpadded forms too, as
 * older Jaeger versions wrote them.
 */
final class HexIds {

  private HexIds() {}

  static String traceIdToHex(ByteString traceId) {
    long high = readLong(traceId, traceId.size() - 16);
    long low = readLong(traceId, traceId.size() - 8);
    if (high == 0) {
      return hex16(low);
    }
    return hex16(high) + hex16(low);
  }

  static String spanIdToHex(ByteString spanId) {
    return hex16(readLong(spanId, spanId.size() - 8));
  }

  static ByteString traceIdFromHex(String hex) {
    if (hex == null || hex.isEmpty() || hex.length() > 32) {
      throw new IllegalArgumentException("trace id must be 1..32 hex chars: " + hex);
    }
    long high = 0;
    long low;
    if (hex.length() > 16) {
      high = parseHex(hex.substring(0, hex.length() - 16), hex);
      low = parseHex(hex.substring(hex.length() - 16), hex);
    } else {
      low = parseHex(hex, hex);
    }
    byte[] bytes = new byte[16];
    writeLong(bytes, 0, high);
    writeLong(bytes, 8, low);
    return ByteString.copyFrom(bytes);
  }

  static ByteString spanIdFromHex(String hex) {
    if (hex == null || hex.isEmpty() || hex.length() > 16) {
      throw new IllegalArgumentException("span id must be 1..16 hex chars: " + hex);
    }
    byte[] bytes = new byte[8];
    writeLong(bytes, 0, parseHex(hex, hex));
    return ByteString.copyFrom(bytes);
  }

  static String hex16(long value) {
    String s = Long.toHexString(value);
    return "0".repeat(16 - s.length()) + s;
  }

  /** Big-endian long ending at {@code end + 8}; bytes before index 0 count as zero. */
  private static long readLong(ByteString bytes, int start) {
    long value = 0;
    for (int i = start; i < start + 8; i++) {
      value = (value << 8) | (i >= 0 && i < bytes.size() ? bytes.byteAt(i) & 0xff : 0);
    }
    return value;
  }

  private static void writeLong(byte[] bytes, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      bytes[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  private static long parseHex(String part, String whole) {
    try {
      return Long.parseUnsignedLong(part, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a hex id: " + whole, e);
    }
  }
}
