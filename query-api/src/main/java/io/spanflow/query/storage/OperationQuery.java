package io.spanflow.query.storage;

import java.util.Objects;

/** Parameters of {@link SpanReader#getOperations}: an empty span kind means every kind. */
public record OperationQuery(String serviceName, String spanKind) {

  public OperationQuery {
    Objects.requireNonNull(serviceName, "serviceName");
    spanKind = spanKind == null ? "" : spanKind;
  }

  public static OperationQuery forService(String serviceName) {
    return new OperationQuery(serviceName, "");
  }
}
