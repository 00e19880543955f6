package io.spanflow.schemas.convert;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;

/** Conversions between the wire formats' epoch microseconds / nanoseconds and protobuf times. */
public final class Times {

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Times() {}

  /** A timestamp from microseconds since the epoch (Jaeger and Zipkin times). */
  public static Timestamp timestampFromMicros(long micros) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(micros, MICROS_PER_SECOND))
        .setNanos((int) (Math.floorMod(micros, MICROS_PER_SECOND) * 1000))
        .build();
  }

  /**
   * A timestamp from nanoseconds since the epoch, read as unsigned (OTLP {@code fixed64} times).
   */
  public static Timestamp timestampFromNanos(long unsignedNanos) {
    return Timestamp.newBuilder()
        .setSeconds(Long.divideUnsigned(unsignedNanos, NANOS_PER_SECOND))
        .setNanos((int) Long.remainderUnsigned(unsignedNanos, NANOS_PER_SECOND))
        .build();
  }

  /** A duration from microseconds; seconds and nanos share the sign as protobuf requires. */
  public static Duration durationFromMicros(long micros) {
    return Duration.newBuilder()
        .setSeconds(micros / MICROS_PER_SECOND)
        .setNanos((int) ((micros % MICROS_PER_SECOND) * 1000))
        .build();
  }

  /** A duration from nanoseconds. */
  public static Duration durationFromNanos(long nanos) {
    return Duration.newBuilder()
        .setSeconds(nanos / NANOS_PER_SECOND)
        .setNanos((int) (nanos % NANOS_PER_SECOND))
        .build();
  }

  /** Microseconds since the epoch, truncating sub-microsecond precision toward the past. */
  public static long toMicros(Timestamp t) {
    return t.getSeconds() * MICROS_PER_SECOND + Math.floorDiv(t.getNanos(), 1000);
  }

  /** Microseconds of a duration, truncating sub-microsecond precision toward zero. */
  public static long toMicros(Duration d) {
    return d.getSeconds() * MICROS_PER_SECOND + d.getNanos() / 1000;
  }
}
