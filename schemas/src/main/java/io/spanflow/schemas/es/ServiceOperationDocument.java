package io.spanflow.schemas.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A {@code jaeger-service-*} document, {@code {"serviceName","operationName","spanKind"}}, as
 * Jaeger writes it (with the kind since Jaeger 1.21), one per distinct triple and day; the id is
 * {@link DocumentIds#serviceOperationId}.
 */
public record ServiceOperationDocument(String serviceName, String operationName, String spanKind) {

  public static final String SERVICE_NAME = "serviceName";
  public static final String OPERATION_NAME = "operationName";
  public static final String SPAN_KIND = "spanKind";

  public ServiceOperationDocument {
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(operationName, "operationName");
    spanKind = spanKind == null ? "" : spanKind;
  }

  public String documentId() {
    return DocumentIds.serviceOperationId(serviceName, spanKind, operationName);
  }

  public ObjectNode toJson() {
    return JsonNodeFactory.instance
        .objectNode()
        .put(SERVICE_NAME, serviceName)
        .put(OPERATION_NAME, operationName)
        .put(SPAN_KIND, spanKind);
  }

  public static ServiceOperationDocument fromJson(JsonNode doc) {
    return new ServiceOperationDocument(
        doc.path(SERVICE_NAME).asText(""),
        doc.path(OPERATION_NAME).asText(""),
        doc.path(SPAN_KIND).asText(""));
  }
}
