package io.spanflow.query.traces;

import com.google.protobuf.ByteString;
import io.javalin.http.Context;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.query.adjust.Adjuster;
import io.spanflow.query.adjust.Adjusters;
import io.spanflow.query.http.BadParameterException;
import io.spanflow.query.http.Envelope;
import io.spanflow.query.http.QueryParams;
import io.spanflow.query.storage.SpanReader;
import io.spanflow.schemas.ids.TraceIds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/traces} and {@code GET /api/traces/{traceID}} of Jaeger's v1 API. */
public final class TracesHandler {

  static final String TRACE_NOT_FOUND = "trace not found";

  private final SpanReader reader;
  private final Adjuster adjuster;
  private final Clock clock;
  private final Duration defaultLookback;

  public TracesHandler(
      SpanReader reader, Adjuster adjuster, Clock clock, Duration defaultLookback) {
    this.reader = reader;
    this.adjuster = adjuster;
    this.clock = clock;
    this.defaultLookback = defaultLookback;
  }

  public void search(Context ctx) {
    TraceSearchRequest request =
        TraceSearchRequest.parse(QueryParams.of(ctx), clock, defaultLookback);
    List<List<Span>> traces = new ArrayList<>();
    List<Envelope.Error> errors = new ArrayList<>();
    if (!request.traceIds().isEmpty()) {
      for (ByteString id : request.traceIds()) {
        Optional<List<Span>> trace = reader.getTrace(id);
        if (trace.isPresent()) {
          traces.add(adjuster.adjust(trace.get()));
        } else {
          errors.add(new Envelope.Error(0, TRACE_NOT_FOUND, TraceIds.toHex(id)));
        }
      }
    } else {
      for (List<Span> trace : reader.findTraces(request.query())) {
        traces.add(adjuster.adjust(trace));
      }
    }
    writeTraces(ctx, traces, errors);
  }

  public void getTrace(Context ctx) {
    ByteString traceId = traceIdParam(ctx.pathParam("traceID"));
    QueryParams params = QueryParams.of(ctx);
    params.longValue("start", 0); // validated like Jaeger; a hint only
    params.longValue("end", 0);
    boolean raw = Boolean.parseBoolean(params.first("raw"));
    Optional<List<Span>> trace = reader.getTrace(traceId);
    if (trace.isEmpty()) {
      Envelope.write(ctx, 404, Envelope.error(404, TRACE_NOT_FOUND));
      return;
    }
    Adjuster chain = raw ? Adjusters.raw() : adjuster;
    writeTraces(ctx, List.of(chain.adjust(trace.get())), List.of());
  }

  /** The envelope with the traces in Jaeger's UI model, streamed. */
  private static void writeTraces(
      Context ctx, List<List<Span>> traces, List<Envelope.Error> errors) {
    Envelope.write(
        ctx,
        g -> {
          g.writeStartArray();
          for (List<Span> trace : traces) {
            UiTraceJson.write(g, trace);
          }
          g.writeEndArray();
        },
        0,
        errors);
  }

  static ByteString traceIdParam(String value) {
    try {
      return TraceIds.fromHex(value);
    } catch (IllegalArgumentException e) {
      throw BadParameterException.unparsable("traceID", e.getMessage());
    }
  }
}
