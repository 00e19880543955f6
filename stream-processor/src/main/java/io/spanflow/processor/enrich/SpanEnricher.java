package io.spanflow.processor.enrich;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.ids.TraceIds;
import java.util.Locale;
import java.util.regex.Pattern;

/** Stage 3: computes {@link SpanFacts}. Pure and stateless. */
public final class SpanEnricher {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern LONG_HEX = Pattern.compile("[0-9a-fA-F]{16,}");

  private SpanEnricher() {}

  public static EnrichedSpan enrich(Span span) {
    return new EnrichedSpan(span, facts(span));
  }

  public static SpanFacts facts(Span span) {
    String service = span.getProcess().getServiceName();
    String parent = parentSpanId(span);
    return new SpanFacts(
        TraceIds.toHex(span.getTraceId()),
        TraceIds.spanIdToHex(span.getSpanId()),
        parent,
        service,
        span.getOperationName(),
        spanKind(span),
        isError(span),
        parent.isEmpty() ? SpanFacts.ROOT : SpanFacts.CHILD,
        service.trim().toLowerCase(Locale.ROOT),
        normalizeOperation(span.getOperationName()),
        stringTag(span, "peer.service"),
        span.getStartTime().getSeconds() * 1000L + span.getStartTime().getNanos() / 1_000_000,
        span.getDuration().getSeconds() * 1_000_000L + span.getDuration().getNanos() / 1_000);
  }

  /** Jaeger's parent rule: the first CHILD_OF reference in the same trace, else the first one. */
  static String parentSpanId(Span span) {
    SpanRef chosen = null;
    for (SpanRef ref : span.getReferencesList()) {
      if (!ref.getTraceId().equals(span.getTraceId()) || isZero(ref.getSpanId())) {
        continue;
      }
      if (ref.getRefType() == SpanRefType.CHILD_OF) {
        chosen = ref;
        break;
      }
      if (chosen == null) {
        chosen = ref;
      }
    }
    return chosen == null ? "" : TraceIds.spanIdToHex(chosen.getSpanId());
  }

  static String spanKind(Span span) {
    String kind = stringTag(span, "span.kind").toLowerCase(Locale.ROOT);
    return switch (kind) {
      case "client", "server", "producer", "consumer", "internal" -> kind;
      default -> "";
    };
  }

  static boolean isError(Span span) {
    for (KeyValue kv : span.getTagsList()) {
      switch (kv.getKey()) {
        case "error" -> {
          if ((kv.getVType() == ValueType.BOOL && kv.getVBool())
              || (kv.getVType() == ValueType.STRING && "true".equalsIgnoreCase(kv.getVStr()))) {
            return true;
          }
        }
        case "otel.status_code" -> {
          if ("ERROR".equalsIgnoreCase(kv.getVStr())) {
            return true;
          }
        }
        case "http.status_code", "http.response.status_code" -> {
          long status = numeric(kv);
          if (status >= 500 && status < 600) {
            return true;
          }
        }
        default -> {}
      }
    }
    return false;
  }

  static String normalizeOperation(String operation) {
    String op = WHITESPACE.matcher(operation.trim()).replaceAll(" ");
    int query = op.indexOf('?');
    if (query >= 0) {
      op = op.substring(0, query);
    }
    if (op.indexOf('/') < 0) {
      return op;
    }
    String[] parts = op.split("/", -1);
    StringBuilder out = new StringBuilder(op.length());
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      String p = parts[i];
      boolean idLike =
          !p.isEmpty()
              && (DIGITS.matcher(p).matches()
                  || UUID.matcher(p).matches()
                  || LONG_HEX.matcher(p).matches());
      out.append(idLike ? "{id}" : p);
    }
    return out.toString();
  }

  private static long numeric(KeyValue kv) {
    return switch (kv.getVType()) {
      case INT64 -> kv.getVInt64();
      case FLOAT64 -> (long) kv.getVFloat64();
      case STRING -> {
        try {
          yield Long.parseLong(kv.getVStr().trim());
        } catch (NumberFormatException e) {
          yield -1;
        }
      }
      default -> -1;
    };
  }

  private static String stringTag(Span span, String key) {
    for (KeyValue kv : span.getTagsList()) {
      if (kv.getKey().equals(key) && kv.getVType() == ValueType.STRING) {
        return kv.getVStr();
      }
    }
    return "";
  }

  private static boolean isZero(ByteString id) {
    for (int i = 0; i < id.size(); i++) {
      if (id.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
