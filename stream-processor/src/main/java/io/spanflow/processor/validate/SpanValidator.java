package io.spanflow.processor.validate;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes and validates one {@code jaeger-spans} record. Unusable records are rejected with a
 * {@link DlqReason}; repairable ones are repaired and each repair is recorded as a span warning
 * (Jaeger's UI shows span warnings). The rules are listed in the module README.
 */
public final class SpanValidator {

  /** Rule ids: stable, used in warnings, in metric tags and in the README table. */
  public static final String EMPTY_SERVICE_NAME = "empty_service_name";

  public static final String INVALID_UTF8 = "invalid_utf8";
  public static final String NEGATIVE_DURATION = "negative_duration";
  public static final String START_TIME_SKEW = "start_time_skew";
  public static final String TAG_VALUE_TOO_LONG = "tag_value_too_long";

  /** The service name given to spans that have none. */
  public static final String UNKNOWN_SERVICE = "unknown-service";

  static final String WARNING_PREFIX = "spanflow repaired ";

  private final int maxTagValueLength;
  private final long maxStartSkewMillis;

  public SpanValidator(int maxTagValueLength, java.time.Duration maxStartSkew) {
    this.maxTagValueLength = maxTagValueLength;
    this.maxStartSkewMillis = Objects.requireNonNull(maxStartSkew).toMillis();
  }

  /**
   * @param value the record value
   * @param recordTimeMillis the record timestamp, the reference for the start-time rule
   */
  public Validation validate(byte[] value, long recordTimeMillis) {
    if (value == null || value.length == 0) {
      return new Validation.Rejected(DlqReason.UNDECODABLE, "empty record value");
    }
    LenientSpanParser.Parsed parsed;
    try {
      parsed = LenientSpanParser.parse(value);
    } catch (InvalidProtocolBufferException e) {
      return new Validation.Rejected(DlqReason.UNDECODABLE, e.getMessage());
    }
    return check(
        parsed.span(), parsed.repairedFields().isEmpty() ? null : parsed, recordTimeMillis);
  }

  /** Validates an already decoded span (the OTLP path). */
  public Validation validate(Span span, long recordTimeMillis) {
    return check(span, null, recordTimeMillis);
  }

  private Validation check(Span span, LenientSpanParser.Parsed utf8, long recordTimeMillis) {
    Validation.Rejected idProblem = checkIds(span);
    if (idProblem != null) {
      return idProblem;
    }
    Span.Builder b = span.toBuilder();
    List<String> repairs = new ArrayList<>(2);
    if (utf8 != null) {
      repair(b, repairs, INVALID_UTF8, "invalid UTF-8 replaced in " + utf8.repairedFields());
    }
    if (!span.hasProcess() || span.getProcess().getServiceName().isBlank()) {
      b.setProcess(
          (span.hasProcess() ? span.getProcess().toBuilder() : Process.newBuilder())
              .setServiceName(UNKNOWN_SERVICE));
      repair(b, repairs, EMPTY_SERVICE_NAME, "empty service name set to " + UNKNOWN_SERVICE);
    }
    Duration d = span.getDuration();
    if (d.getSeconds() < 0 || d.getNanos() < 0) {
      b.clearDuration();
      repair(
          b,
          repairs,
          NEGATIVE_DURATION,
          "negative duration " + d.getSeconds() + "s" + d.getNanos() + "ns set to 0");
    }
    if (recordTimeMillis > 0) {
      long start = millis(span.getStartTime());
      if (!span.hasStartTime() || Math.abs(start - recordTimeMillis) > maxStartSkewMillis) {
        b.setStartTime(
            Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(recordTimeMillis, 1000L))
                .setNanos((int) Math.floorMod(recordTimeMillis, 1000L) * 1_000_000));
        repair(
            b,
            repairs,
            START_TIME_SKEW,
            "start time "
                + (span.hasStartTime() ? start + "ms" : "missing")
                + " replaced by the record time "
                + recordTimeMillis
                + "ms");
      }
    }
    int truncated = truncateTags(b);
    if (truncated > 0) {
      repair(
          b,
          repairs,
          TAG_VALUE_TOO_LONG,
          truncated + " tag value(s) truncated to " + maxTagValueLength + " characters");
    }
    return new Validation.Accepted(repairs.isEmpty() ? span : b.build(), List.copyOf(repairs));
  }

  private static Validation.Rejected checkIds(Span span) {
    ByteString traceId = span.getTraceId();
    if (allZero(traceId)) {
      return new Validation.Rejected(DlqReason.MISSING_TRACE_ID, "trace id empty or zero");
    }
    if (traceId.size() != 16) {
      return new Validation.Rejected(
          DlqReason.BAD_TRACE_ID, "trace id has " + traceId.size() + " bytes, want 16");
    }
    ByteString spanId = span.getSpanId();
    if (allZero(spanId)) {
      return new Validation.Rejected(DlqReason.MISSING_SPAN_ID, "span id empty or zero");
    }
    if (spanId.size() != 8) {
      return new Validation.Rejected(
          DlqReason.BAD_SPAN_ID, "span id has " + spanId.size() + " bytes, want 8");
    }
    return null;
  }

  private static void repair(Span.Builder b, List<String> repairs, String rule, String detail) {
    repairs.add(rule);
    b.addWarnings(WARNING_PREFIX + rule + ": " + detail);
  }

  private int truncateTags(Span.Builder b) {
    int count = 0;
    for (int i = 0; i < b.getTagsCount(); i++) {
      KeyValue kv = truncate(b.getTags(i));
      if (kv != null) {
        b.setTags(i, kv);
        count++;
      }
    }
    if (b.hasProcess()) {
      Process.Builder p = b.getProcessBuilder();
      for (int i = 0; i < p.getTagsCount(); i++) {
        KeyValue kv = truncate(p.getTags(i));
        if (kv != null) {
          p.setTags(i, kv);
          count++;
        }
      }
    }
    for (int l = 0; l < b.getLogsCount(); l++) {
      Log log = b.getLogs(l);
      Log.Builder lb = null;
      for (int i = 0; i < log.getFieldsCount(); i++) {
        KeyValue kv = truncate(log.getFields(i));
        if (kv != null) {
          if (lb == null) {
            lb = log.toBuilder();
          }
          lb.setFields(i, kv);
          count++;
        }
      }
      if (lb != null) {
        b.setLogs(l, lb);
      }
    }
    return count;
  }

  /** The truncated tag, or null when it fits. */
  private KeyValue truncate(KeyValue kv) {
    if (kv.getVType() == ValueType.STRING && kv.getVStr().length() > maxTagValueLength) {
      String s = kv.getVStr();
      int end = maxTagValueLength;
      if (Character.isHighSurrogate(s.charAt(end - 1))) {
        end--; // never split a surrogate pair
      }
      return kv.toBuilder().setVStr(s.substring(0, end)).build();
    }
    if (kv.getVType() == ValueType.BINARY && kv.getVBinary().size() > maxTagValueLength) {
      return kv.toBuilder().setVBinary(kv.getVBinary().substring(0, maxTagValueLength)).build();
    }
    return null;
  }

  private static boolean allZero(ByteString bytes) {
    for (int i = 0; i < bytes.size(); i++) {
      if (bytes.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  static long millis(Timestamp t) {
    return t.getSeconds() * 1000L + t.getNanos() / 1_000_000;
  }
}
