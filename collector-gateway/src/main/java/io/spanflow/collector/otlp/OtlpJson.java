package io.spanflow.collector.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * OTLP/JSON differs from the protobuf JSON mapping in one way that matters here: trace and span ids
 * are hex strings, not base64. This rewrites them to base64, then uses protobuf's own JSON parser
 * (which also accepts enum numbers and both field-name spellings, as OTLP/JSON requires).
 */
final class OtlpJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private OtlpJson() {}

  static ExportTraceServiceRequest parse(byte[] body) throws IOException {
    JsonNode root = JSON.readTree(body);
    if (root == null || !root.isObject()) {
      throw new IOException("expected a JSON object (ExportTraceServiceRequest)");
    }
    for (JsonNode rs : array(root, "resourceSpans", "resource_spans")) {
      for (JsonNode ss : array(rs, "scopeSpans", "scope_spans")) {
        for (JsonNode span : array(ss, "spans", "spans")) {
          hexToBase64(span, "traceId", "trace_id");
          hexToBase64(span, "spanId", "span_id");
          hexToBase64(span, "parentSpanId", "parent_span_id");
          for (JsonNode link : array(span, "links", "links")) {
            hexToBase64(link, "traceId", "trace_id");
            hexToBase64(link, "spanId", "span_id");
          }
        }
      }
    }
    ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
    try {
      PARSER.merge(JSON.writeValueAsString(root), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(e.getMessage(), e);
    }
    return builder.build();
  }

  private static Iterable<JsonNode> array(JsonNode parent, String camel, String snake) {
    JsonNode n = parent.get(camel);
    if (n == null) {
      n = parent.get(snake);
    }
    return n != null && n.isArray() ? n : java.util.List.of();
  }

  private static void hexToBase64(JsonNode node, String camel, String snake) throws IOException {
    if (!(node instanceof ObjectNode obj)) {
      return;
    }
    String field = obj.has(camel) ? camel : obj.has(snake) ? snake : null;
    if (field == null || !obj.get(field).isTextual()) {
      return;
    }
    String hex = obj.get(field).asText();
    if (hex.isEmpty()) {
      return;
    }
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IOException(field + " '" + hex + "' is not hex");
    }
    obj.set(field, TextNode.valueOf(Base64.getEncoder().encodeToString(bytes)));
  }
}
