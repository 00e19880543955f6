package io.spanflow.tracegen.traces;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.convert.Times;
import io.spanflow.schemas.ids.TraceIds;
import io.spanflow.tracegen.traces.CallNode.CallType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Turns a {@link CallNode} tree into the spans an instrumented application would report: a root
 * SERVER span, a CLIENT span in the caller and a SERVER span in the callee for each HTTP call, a
 * CLIENT span for each database or cache call, with Jaeger/OpenTelemetry conventional tags ({@code
 * span.kind}, {@code http.method}, {@code http.status_code}, {@code peer.service}, {@code
 * db.system}, {@code db.statement}), logs, {@code error=true} on failed calls and their callers,
 * and slow outliers 20–40 times their usual duration.
 *
 * <p>Deterministic for a given {@link Random}: the same seed gives the same ids and timings. Not
 * thread-safe; use one per thread.
 */
public final class TraceFactory {
  private static final String[] HTTP_ERRORS = {
    "upstream request timeout", "connection refused", "java.lang.IllegalStateException: pool closed"
  };
  private static final String[] DB_ERRORS = {
    "ERROR: deadlock detected", "ERROR: canceling statement due to statement timeout"
  };
  private static final String[] CACHE_ERRORS = {
    "connection reset by peer", "OOM command not allowed"
  };

  private final Random random;
  private final Map<String, Process> processes = new HashMap<>();

  public TraceFactory(Random random) {
    this.random = random;
  }

  /** One trace of {@code root}, ending at {@code end} (clients report once a request finished). */
  public GeneratedTrace build(CallNode root, FaultPlan plan, Instant end) {
    Build b = new Build(plan, TraceIds.traceId(nonZero(), nonZero()));
    Result result = b.serve(root, null, 0, true);
    long endMicros = end.getEpochSecond() * 1_000_000L + end.getNano() / 1_000;
    long base = endMicros - result.end;
    List<Span> spans = new ArrayList<>(b.drafts.size());
    for (Draft d : b.drafts) {
      for (Log.Builder log : d.span.getLogsBuilderList()) {
        log.setTimestamp(Times.timestampFromMicros(base + Times.toMicros(log.getTimestamp())));
      }
      spans.add(
          d.span
              .setStartTime(Times.timestampFromMicros(base + d.start))
              .setDuration(Times.durationFromMicros(d.duration))
              .build());
    }
    return new GeneratedTrace(b.traceId, spans, result.failed, b.anySlow);
  }

  private long nonZero() {
    long v;
    do {
      v = random.nextLong();
    } while (v == 0);
    return v;
  }

  /** Roughly normal around {@code micros}, at least 1 µs. */
  private long jitter(long micros) {
    double factor = Math.max(0.3, 1 + random.nextGaussian() * 0.25);
    return Math.max(1, Math.round(micros * factor));
  }

  private long network() {
    return 80 + random.nextInt(400);
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  private Process process(String service) {
    return processes.computeIfAbsent(
        service,
        s -> {
          int pod = Math.floorMod(s.hashCode(), 5);
          return Process.newBuilder()
              .setServiceName(s)
              .addTags(string("hostname", s + "-7f9c" + pod))
              .addTags(string("ip", "10.0." + Math.floorMod(s.hashCode(), 200) + "." + (10 + pod)))
              .addTags(string("client-uuid", Long.toHexString(s.hashCode() * 2654435761L)))
              .build();
        });
  }

  private record Draft(Span.Builder span, long start, long duration) {}

  private record Result(long end, boolean failed) {}

  /** State of one trace being built. */
  private final class Build {
    final FaultPlan plan;
    final ByteString traceId;
    final List<Draft> drafts = new ArrayList<>();
    boolean anySlow;

    Build(FaultPlan plan, ByteString traceId) {
      this.plan = plan;
      this.traceId = traceId;
    }

    /** The callee's SERVER span for {@code node}, starting at {@code start}; returns its end. */
    Result serve(CallNode node, ByteString parent, long start, boolean root) {
      ByteString id = TraceIds.spanId(nonZero());
      Span.Builder span = newSpan(id, parent, node.operation(), node.service(), "server");
      Draft draft = new Draft(span, start, 0);
      int index = drafts.size();
      drafts.add(draft);

      boolean slow = plan.slow(node);
      anySlow |= slow;
      long self = jitter(node.selfMicros()) * (slow ? 20 + random.nextInt(21) : 1);
      long cursor = start + self / 3;
      boolean childFailed = false;
      for (CallNode child : node.children()) {
        long callStart = cursor;
        if (child.type() == CallType.HTTP) {
          ByteString clientId = TraceIds.spanId(nonZero());
          Span.Builder client =
              newSpan(clientId, id, child.operation(), node.service(), "client")
                  .addTags(string("http.method", method(child)))
                  .addTags(
                      string("http.url", "http://" + child.service() + ":8080" + child.detail()))
                  .addTags(string("peer.service", child.service()));
          int clientIndex = drafts.size();
          drafts.add(null);
          Result r = serve(child, clientId, callStart + network(), false);
          long clientEnd = r.end + network();
          client.addTags(int64("http.status_code", r.failed ? 500 : 200));
          if (r.failed) {
            client.addTags(bool("error", true));
            childFailed = true;
          }
          drafts.set(clientIndex, new Draft(client, callStart, clientEnd - callStart));
          cursor = clientEnd;
        } else {
          boolean callSlow = plan.slow(child);
          boolean callFails = plan.fails(child);
          anySlow |= callSlow;
          long duration = jitter(child.selfMicros()) * (callSlow ? 20 + random.nextInt(21) : 1);
          Span.Builder call =
              newSpan(TraceIds.spanId(nonZero()), id, child.operation(), node.service(), "client")
                  .addTags(string("peer.service", child.service()))
                  .addTags(
                      string(
                          "db.system",
                          child.type() == CallType.DB ? dbSystem(child.service()) : "redis"))
                  .addTags(string("db.statement", child.detail()));
          if (callFails) {
            String message = pick(child.type() == CallType.DB ? DB_ERRORS : CACHE_ERRORS);
            call.addTags(bool("error", true))
                .addLogs(errorLog(callStart + duration - 1, message, "DriverException"));
            childFailed = true;
          }
          drafts.add(new Draft(call, callStart, duration));
          cursor = callStart + duration;
        }
        cursor += 10 + random.nextInt(90);
      }
      long end = cursor + self - self / 3;
      boolean ownFailure = plan.fails(node);
      boolean failed = ownFailure || childFailed;

      span.addTags(string("http.method", method(node)))
          .addTags(string("http.target", node.detail()))
          .addTags(int64("http.status_code", failed ? 500 : 200));
      if (root) {
        span.addTags(string("sampler.type", "const")).addTags(bool("sampler.param", true));
        span.addLogs(
            log(
                start + self / 6,
                string("event", "request received"),
                string("user_agent", "Mozilla/5.0")));
      }
      if (slow) {
        span.addLogs(
            log(
                start + self / 4,
                string("event", "waiting for connection"),
                string("message", "pool exhausted, queued")));
      }
      if (failed) {
        span.addTags(bool("error", true));
        String message = ownFailure ? pick(HTTP_ERRORS) : "a downstream call failed";
        span.addLogs(errorLog(end - 1, message, ownFailure ? "ServerError" : "UpstreamError"));
      }
      drafts.set(index, new Draft(span, start, end - start));
      return new Result(end, failed);
    }

    Span.Builder newSpan(
        ByteString id, ByteString parent, String operation, String service, String kind) {
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(traceId)
              .setSpanId(id)
              .setOperationName(operation)
              .setFlags(1)
              .setProcess(process(service))
              .addTags(string("span.kind", kind));
      if (parent != null) {
        span.addReferences(
            SpanRef.newBuilder()
                .setTraceId(traceId)
                .setSpanId(parent)
                .setRefType(SpanRefType.CHILD_OF));
      }
      return span;
    }
  }

  private static String method(CallNode node) {
    int space = node.operation().indexOf(' ');
    return space > 0 ? node.operation().substring(0, space) : "GET";
  }

  private static String dbSystem(String service) {
    String s = service.toLowerCase(Locale.ROOT);
    if (s.contains("mysql")) {
      return "mysql";
    }
    if (s.contains("mongo")) {
      return "mongodb";
    }
    return "postgresql";
  }

  private static Log errorLog(long micros, String message, String kind) {
    return log(
        micros, string("event", "error"), string("error.kind", kind), string("message", message));
  }

  private static Log log(long micros, KeyValue... fields) {
    // Relative for now; shifted with the span when the trace is placed in time.
    return Log.newBuilder()
        .setTimestamp(Times.timestampFromMicros(micros))
        .addAllFields(List.of(fields))
        .build();
  }

  static KeyValue string(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.STRING).setVStr(value).build();
  }

  static KeyValue int64(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.INT64).setVInt64(value).build();
  }

  static KeyValue bool(String key, boolean value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.BOOL).setVBool(value).build();
  }
}
