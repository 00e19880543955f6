package io.spanflow.query.services;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.spanflow.query.http.BadParameterException;
import io.spanflow.query.http.Envelope;
import io.spanflow.query.storage.Operation;
import io.spanflow.query.storage.OperationQuery;
import io.spanflow.query.storage.SpanReader;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code GET /api/services}, {@code GET /api/services/{service}/operations} (names only, every
 * kind) and {@code GET /api/operations?service=&spanKind=} ({@code {name, spanKind}} objects).
 */
public final class ServicesHandler {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final SpanReader reader;

  public ServicesHandler(SpanReader reader) {
    this.reader = reader;
  }

  public void services(Context ctx) {
    List<String> services = reader.getServices();
    ArrayNode data = JSON.arrayNode();
    services.forEach(data::add);
    Envelope.write(ctx, Envelope.of(data, services.size()));
  }

  public void operationNames(Context ctx) {
    String service = ctx.pathParam("service");
    TreeSet<String> names = new TreeSet<>();
    reader.getOperations(OperationQuery.forService(service)).forEach(o -> names.add(o.name()));
    ArrayNode data = JSON.arrayNode();
    names.forEach(data::add);
    Envelope.write(ctx, Envelope.of(data, names.size()));
  }

  public void operations(Context ctx) {
    String service = ctx.queryParam("service");
    if (service == null || service.isEmpty()) {
      throw new BadParameterException("service", "parameter 'service' is required");
    }
    String spanKind = ctx.queryParam("spanKind");
    List<Operation> operations = reader.getOperations(new OperationQuery(service, spanKind));
    ArrayNode data = JSON.arrayNode();
    for (Operation op : operations) {
      ObjectNode o = data.addObject();
      o.put("name", op.name());
      o.put("spanKind", op.spanKind());
    }
    Envelope.write(ctx, Envelope.of(data, operations.size()));
  }
}
