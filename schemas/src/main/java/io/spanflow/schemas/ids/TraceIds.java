package io.spanflow.schemas.ids;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

/**
 * Conversions between binary ids (trace id: 16 bytes, high 64 bits first; span id: 8 bytes) and
 * their lowercase hex form.
 *
 * <p>{@link #toHex} follows Jaeger's {@code TraceID.String()}: 16 hex chars when the high 64 bits
 * are zero, otherwise 32. That string is the Kafka record key and the Elasticsearch {@code
 * traceID}.
 */
public final class TraceIds {

  /** Length in bytes of a trace id. */
  public static final int TRACE_ID_LENGTH = 16;

  /** Length in bytes of a span id. */
  public static final int SPAN_ID_LENGTH = 8;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private TraceIds() {}

  /** A 16-byte trace id from its two halves. */
  public static ByteString traceId(long high, long low) {
    byte[] b = new byte[TRACE_ID_LENGTH];
    putLong(b, 0, high);
    putLong(b, 8, low);
    return UnsafeByteOperations.unsafeWrap(b);
  }

  /** An 8-byte span id. */
  public static ByteString spanId(long id) {
    byte[] b = new byte[SPAN_ID_LENGTH];
    putLong(b, 0, id);
    return UnsafeByteOperations.unsafeWrap(b);
  }

  /** The high 64 bits of a trace id (0 for ids of 8 bytes or fewer). */
  public static long high(ByteString traceId) {
    int n = traceId.size();
    return n <= 8 ? 0L : readLong(traceId, 0, n - 8);
  }

  /** The low 64 bits of a trace id, or the value of a span id. */
  public static long low(ByteString id) {
    int n = id.size();
    return n <= 8 ? readLong(id, 0, n) : readLong(id, n - 8, 8);
  }

  /**
   * Lowercase hex of a trace id: 32 chars, or 16 when the high 64 bits are zero (Jaeger's rule).
   * Ids of other lengths are read as a big-endian number and padded the same way.
   */
  public static String toHex(ByteString traceId) {
    long high = high(traceId);
    long low = low(traceId);
    if (high == 0) {
      return longHex(low);
    }
    return longHex(high) + longHex(low);
  }

  /**
   * Parses 1..32 hex chars (either case), left-padding with zeros, into a 16-byte trace id.
   *
   * @throws IllegalArgumentException if the string is empty, too long or not hex
   */
  public static ByteString fromHex(String hex) {
    if (hex == null || hex.isEmpty() || hex.length() > 32) {
      throw new IllegalArgumentException(
          "trace id must be 1 to 32 hex characters, got " + describe(hex));
    }
    if (hex.length() <= 16) {
      return traceId(0L, parseHexLong(hex));
    }
    int split = hex.length() - 16;
    return traceId(parseHexLong(hex.substring(0, split)), parseHexLong(hex.substring(split)));
  }

  /** Lowercase 16-char hex of a span id. */
  public static String spanIdToHex(ByteString spanId) {
    return longHex(low(spanId));
  }

  /**
   * Parses 1..16 hex chars (either case), left-padding with zeros, into an 8-byte span id.
   *
   * @throws IllegalArgumentException if the string is empty, too long or not hex
   */
  public static ByteString spanIdFromHex(String hex) {
    if (hex == null || hex.isEmpty() || hex.length() > 16) {
      throw new IllegalArgumentException(
          "span id must be 1 to 16 hex characters, got " + describe(hex));
    }
    return spanId(parseHexLong(hex));
  }

  /** Lowercase 16-char hex of a 64-bit value. */
  public static String longHex(long v) {
    char[] c = new char[16];
    for (int i = 15; i >= 0; i--) {
      c[i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
    return new String(c);
  }

  /** Lowercase hex of arbitrary bytes, two chars per byte. */
  public static String bytesHex(ByteString bytes) {
    char[] c = new char[bytes.size() * 2];
    for (int i = 0; i < bytes.size(); i++) {
      int b = bytes.byteAt(i) & 0xFF;
      c[2 * i] = HEX[b >>> 4];
      c[2 * i + 1] = HEX[b & 0xF];
    }
    return new String(c);
  }

  private static long parseHexLong(String hex) {
    long v = 0;
    for (int i = 0; i < hex.length(); i++) {
      int d = Character.digit(hex.charAt(i), 16);
      if (d < 0) {
        throw new IllegalArgumentException("not a hex id: " + describe(hex));
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private static String describe(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 40 ? "\"" + s.substring(0, 40) + "...\"" : "\"" + s + "\"";
  }

  private static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  private static long readLong(ByteString b, int off, int len) {
    long v = 0;
    for (int i = 0; i < len; i++) {
      v = (v << 8) | (b.byteAt(off + i) & 0xFF);
    }
    return v;
  }
}
