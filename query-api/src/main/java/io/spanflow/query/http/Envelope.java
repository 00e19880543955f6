package io.spanflow.query.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Jaeger's v1 response envelope {@code {data, total, limit, offset, errors}}; {@code errors} is
 * null when there are none, each error is {@code {code?, msg, traceID?}}.
 */
public final class Envelope {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Envelope() {}

  /** One error of a response; {@code code} 0 and {@code traceId} null are left out, as Jaeger. */
  public record Error(int code, String msg, String traceId) {}

  public static ObjectNode of(JsonNode data, int total) {
    return of(data, total, List.of());
  }

  public static ObjectNode of(JsonNode data, int total, List<Error> errors) {
    ObjectNode env = JSON.objectNode();
    env.set("data", data == null ? JSON.nullNode() : data);
    env.put("total", total);
    env.put("limit", 0);
    env.put("offset", 0);
    if (errors.isEmpty()) {
      env.putNull("errors");
    } else {
      ArrayNode arr = env.putArray("errors");
      for (Error e : errors) {
        ObjectNode o = arr.addObject();
        if (e.code() != 0) {
          o.put("code", e.code());
        }
        o.put("msg", e.msg());
        if (e.traceId() != null) {
          o.put("traceID", e.traceId());
        }
      }
    }
    return env;
  }

  /** Writes the {@code data} value of a response. */
  @FunctionalInterface
  public interface DataWriter {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * Writes an envelope with status 200 whose {@code data} is streamed by {@code data}: the same
   * bytes as {@link #of} with the tree, without building the tree.
   */
  public static void write(Context ctx, DataWriter data, int total, List<Error> errors) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName("data");
      data.write(g);
      g.writeNumberField("total", total);
      g.writeNumberField("limit", 0);
      g.writeNumberField("offset", 0);
      g.writeFieldName("errors");
      MAPPER.writeTree(g, of(null, 0, errors).get("errors"));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize a response", e);
    }
    ctx.status(200).contentType("application/json").result(out.toByteArray());
  }

  public static ObjectNode error(int status, String msg) {
    return of(null, 0, List.of(new Error(status, msg, null)));
  }

  /** Writes any JSON with status 200. */
  public static void write(Context ctx, JsonNode body) {
    write(ctx, 200, body);
  }

  public static void write(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a response", e);
    }
  }
}
