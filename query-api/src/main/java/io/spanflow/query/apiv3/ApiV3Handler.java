package io.spanflow.query.apiv3;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.javalin.http.Context;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.query.adjust.Adjuster;
import io.spanflow.query.http.Envelope;
import io.spanflow.query.params.GoDuration;
import io.spanflow.query.storage.Operation;
import io.spanflow.query.storage.OperationQuery;
import io.spanflow.query.storage.SpanReader;
import io.spanflow.query.storage.TraceQuery;
import io.spanflow.schemas.ids.TraceIds;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code /api/v3} routes, with Jaeger v2's parameter names and error shape. */
public final class ApiV3Handler {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final SpanReader reader;
  private final Adjuster adjuster;

  public ApiV3Handler(SpanReader reader, Adjuster adjuster) {
    this.reader = reader;
    this.adjuster = adjuster;
  }

  public void services(Context ctx) {
    ObjectNode body = JSON.objectNode();
    ArrayNode services = body.putArray("services");
    reader.getServices().forEach(services::add);
    Envelope.write(ctx, body);
  }

  public void operations(Context ctx) {
    String service = ctx.queryParam("service");
    if (service == null || service.isEmpty()) {
      error(ctx, 400, "malformed parameter service: service is required");
      return;
    }
    ObjectNode body = JSON.objectNode();
    ArrayNode ops = body.putArray("operations");
    for (Operation op :
        reader.getOperations(new OperationQuery(service, ctx.queryParam("span_kind")))) {
      ops.addObject().put("name", op.name()).put("spanKind", op.spanKind());
    }
    Envelope.write(ctx, body);
  }

  public void getTrace(Context ctx) {
    ByteString traceId;
    try {
      traceId = TraceIds.fromHex(ctx.pathParam("trace_id"));
    } catch (IllegalArgumentException e) {
      error(ctx, 400, "malformed parameter trace_id: " + e.getMessage());
      return;
    }
    Optional<List<Span>> trace = reader.getTrace(traceId);
    if (trace.isEmpty()) {
      error(ctx, 404, "trace not found");
      return;
    }
    writeTraces(ctx, adjuster.adjust(trace.get()));
  }

  public void findTraces(Context ctx) {
    String min = ctx.queryParam("query.start_time_min");
    String max = ctx.queryParam("query.start_time_max");
    if (min == null || min.isEmpty() || max == null || max.isEmpty()) {
      error(ctx, 400, "query.start_time_min and query.start_time_max are required");
      return;
    }
    TraceQuery.Builder q =
        TraceQuery.builder()
            .serviceName(ctx.queryParam("query.service_name"))
            .operationName(ctx.queryParam("query.operation_name"));
    try {
      q.startTimeMin(parseTime("query.start_time_min", min));
      q.startTimeMax(parseTime("query.start_time_max", max));
      q.durationMin(duration(ctx, "query.duration_min"));
      q.durationMax(duration(ctx, "query.duration_max"));
      String depth =
          firstNonEmpty(ctx.queryParam("query.search_depth"), ctx.queryParam("query.num_traces"));
      if (!depth.isEmpty()) {
        try {
          q.limit(Integer.parseInt(depth));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "malformed parameter query.search_depth: strconv.Atoi: parsing \""
                  + depth
                  + "\": invalid syntax");
        }
      }
      List<Span> all = new ArrayList<>();
      for (List<Span> trace : reader.findTraces(q.build())) {
        all.addAll(adjuster.adjust(trace));
      }
      writeTraces(ctx, all);
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
    }
  }

  private static Instant parseTime(String name, String value) {
    try {
      return java.time.OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("malformed parameter " + name + ": " + e.getMessage());
    }
  }

  private static Duration duration(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return GoDuration.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed parameter " + name + ": " + e.getMessage());
    }
  }

  private static String firstNonEmpty(String a, String b) {
    return a != null && !a.isEmpty() ? a : b == null ? "" : b;
  }

  private static void writeTraces(Context ctx, List<Span> spans) {
    ObjectNode body = JSON.objectNode();
    body.set("result", OtlpJson.tracesData(spans));
    Envelope.write(ctx, body);
  }

  private static void error(Context ctx, int status, String message) {
    ObjectNode body = JSON.objectNode();
    body.putObject("error").put("httpCode", status).put("message", message);
    Envelope.write(ctx, status, body);
  }
}
