package io.spanflow.query.storage;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;

/**
 * Jaeger's textual ids: a trace id prints as 32 hex digits, or 16 when its high half is zero; a
 * span id as 16. Parsing accepts 1..32 digits and left-pads, as Jaeger's {@code TraceIDFromString}.
 *
 * <p>Kept here until {@code io.spanflow.schemas.ids.TraceIds} lands on main (same rules).
 */
public final class HexIds {

  private HexIds() {}

  public static String traceIdToHex(ByteString traceId) {
    ByteBuffer b = padded(traceId, 16);
    long high = b.getLong(0);
    long low = b.getLong(8);
    if (high == 0) {
      return String.format("%016x", low);
    }
    return String.format("%016x%016x", high, low);
  }

  public static String spanIdToHex(ByteString spanId) {
    return String.format("%016x", padded(spanId, 8).getLong(0));
  }

  /**
   * Parses a trace id of 1..32 hex digits into 16 bytes.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static ByteString traceIdFromHex(String hex) {
    if (hex == null || hex.isEmpty()) {
      throw new IllegalArgumentException("trace ID is empty");
    }
    if (hex.length() > 32) {
      throw new IllegalArgumentException("TraceID cannot be longer than 32 hex characters: " + hex);
    }
    long high = 0;
    long low;
    if (hex.length() > 16) {
      high = parseHex(hex.substring(0, hex.length() - 16), hex);
      low = parseHex(hex.substring(hex.length() - 16), hex);
    } else {
      low = parseHex(hex, hex);
    }
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
  }

  /** Parses a span id of 1..16 hex digits into 8 bytes. */
  public static ByteString spanIdFromHex(String hex) {
    if (hex == null || hex.isEmpty() || hex.length() > 16) {
      throw new IllegalArgumentException("invalid span ID: " + hex);
    }
    return spanId(parseHex(hex, hex));
  }

  public static ByteString spanId(long id) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array());
  }

  public static long spanIdToLong(ByteString spanId) {
    return padded(spanId, 8).getLong(0);
  }

  private static long parseHex(String digits, String whole) {
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), 16) < 0) {
        throw new IllegalArgumentException("not a hex ID: " + whole);
      }
    }
    return Long.parseUnsignedLong(digits, 16);
  }

  private static ByteBuffer padded(ByteString id, int size) {
    byte[] out = new byte[size];
    byte[] in = id.toByteArray();
    int n = Math.min(in.length, size);
    System.arraycopy(in, in.length - n, out, size - n, n);
    return ByteBuffer.wrap(out);
  }
}
