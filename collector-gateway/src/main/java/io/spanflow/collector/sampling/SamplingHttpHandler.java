package io.spanflow.collector.sampling;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/sampling?service=NAME}: the strategy as JSON, shaped as Jaeger's collector writes
 * it ({@code {"strategyType":"PROBABILISTIC","probabilisticSampling":{"samplingRate":0.5}}}):
 * camelCase fields, the enum by name, the strategy type always present even when it is the first
 * enum value, absent sub-strategies left out.
 */
public final class SamplingHttpHandler implements Handler {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

  private final SamplingStrategyStore store;

  public SamplingHttpHandler(SamplingStrategyStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void handle(Context ctx) throws InvalidProtocolBufferException {
    List<String> services = ctx.queryParams("service");
    if (services.size() != 1) {
      ctx.status(400).contentType("text/plain").result("'service' parameter must be provided once");
      return;
    }
    ctx.contentType("application/json").result(PRINTER.print(store.strategyFor(services.get(0))));
  }
}
