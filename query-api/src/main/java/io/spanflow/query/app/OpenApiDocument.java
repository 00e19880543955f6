package io.spanflow.query.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Renders the OpenAPI 3 description of the routes {@link QueryApp} registers. */
final class OpenApiDocument {

  private OpenApiDocument() {}

  /** Name of the bearer-token security scheme under {@code components.securitySchemes}. */
  static final String BEARER_SCHEME = "bearerAuth";

  /**
   * @param bearerRequired whether {@code --query.bearer-token-file} is set: then every {@code /api}
   *     operation requires the bearer scheme (and may answer 401); otherwise the scheme is listed
   *     as optional ({@code security: [{}, {bearerAuth: []}]}), so clients see it exists
   */
  static String render(List<QueryApp.ApiRoute> routes, String basePath, boolean bearerRequired) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("openapi", "3.0.3");
    ObjectNode info = root.putObject("info");
    info.put("title", "Spanflow query API (Jaeger-compatible)");
    info.put("version", "1");
    root.putArray("servers").addObject().put("url", basePath);
    root.putObject("components")
        .putObject("securitySchemes")
        .putObject(BEARER_SCHEME)
        .put("type", "http")
        .put("scheme", "bearer")
        .put(
            "description",
            "Authorization: Bearer <token>, a line of --query.bearer-token-file. Required on every"
                + " /api route when that flag is set, otherwise not checked.");
    ArrayNode security = root.putArray("security");
    if (!bearerRequired) {
      security.addObject(); // {}: no credentials needed
    }
    security.addObject().putArray(BEARER_SCHEME);
    ObjectNode paths = root.putObject("paths");
    for (QueryApp.ApiRoute r : routes) {
      ObjectNode get = paths.putObject(r.path()).putObject("get");
      get.put("summary", r.summary());
      get.put("operationId", operationId(r.path()));
      ArrayNode params = get.putArray("parameters");
      for (QueryApp.ApiRoute.Param p : r.params()) {
        ObjectNode param = params.addObject();
        param.put("name", p.name());
        param.put("in", p.in());
        param.put("required", p.required());
        param.putObject("schema").put("type", "string");
      }
      ObjectNode responses = get.putObject("responses");
      ObjectNode ok = responses.putObject("200");
      if (r.dataSchema() == null) {
        ok.put("description", "OK");
      } else {
        ok.put("description", r.dataDescription());
        ObjectNode envelope =
            ok.putObject("content")
                .putObject("application/json")
                .putObject("schema")
                .put("type", "object");
        ObjectNode props = envelope.putObject("properties");
        props.set("data", r.dataSchema());
        props.putObject("total").put("type", "integer");
        props.putObject("limit").put("type", "integer");
        props.putObject("offset").put("type", "integer");
        props.putObject("errors").put("type", "array").put("nullable", true);
      }
      responses.putObject("400").put("description", "A parameter is invalid; the error names it");
      if (bearerRequired) {
        responses.putObject("401").put("description", "Missing or invalid bearer token");
      }
      responses.putObject("503").put("description", "Storage unavailable");
    }
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code {"type":"array","items":item}}. */
  static ObjectNode arrayOf(ObjectNode item) {
    ObjectNode a = JsonNodeFactory.instance.objectNode().put("type", "array");
    a.set("items", item);
    return a;
  }

  /** An object schema from name/type pairs, every property required. */
  static ObjectNode object(String... namesAndTypes) {
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "object");
    ObjectNode props = o.putObject("properties");
    ArrayNode required = o.putArray("required");
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      props.putObject(namesAndTypes[i]).put("type", namesAndTypes[i + 1]);
      required.add(namesAndTypes[i]);
    }
    return o;
  }

  private static String operationId(String path) {
    StringBuilder sb = new StringBuilder("get");
    for (String part : path.split("[/{}._]")) {
      if (!part.isEmpty() && !part.equals("api")) {
        sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return sb.toString();
  }
}
