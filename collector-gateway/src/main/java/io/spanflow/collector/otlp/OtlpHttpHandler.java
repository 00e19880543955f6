package io.spanflow.collector.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanflow.collector.http.IngestHttpServer.Reply;
import io.spanflow.collector.http.MediaTypes;
import io.spanflow.collector.http.RequestBodies;
import io.spanflow.collector.ingest.IngestException;
import io.spanflow.collector.ingest.Source;
import io.spanflow.collector.ingest.SpanIntake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/traces} (OTLP/HTTP): binary protobuf or OTLP/JSON; the reply is an {@code
 * ExportTraceServiceResponse} in the request's encoding, with partial success when spans were
 * rejected, sent once Kafka acknowledged the rest.
 */
public final class OtlpHttpHandler {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer();

  private final SpanIntake intake;
  private final long maxBodyBytes;

  public OtlpHttpHandler(SpanIntake intake, long maxBodyBytes) {
    this.intake = Objects.requireNonNull(intake, "intake");
    this.maxBodyBytes = maxBodyBytes;
  }

  public CompletableFuture<Reply> postTraces(Context ctx) {
    long received = System.nanoTime();
    String type = MediaTypes.essence(ctx.contentType());
    boolean json;
    if (type.equals("application/x-protobuf") || type.equals("application/protobuf")) {
      json = false;
    } else if (type.equals("application/json")) {
      json = true;
    } else {
      return CompletableFuture.failedFuture(
          intake.refused(
              Source.OTLP_HTTP,
              IngestException.badRequest(
                  "unsupported Content-Type '"
                      + ctx.contentType()
                      + "' (expected application/x-protobuf or application/json)")));
    }
    byte[] body;
    try {
      body =
          RequestBodies.read(
              ctx.req().getInputStream(),
              ctx.req().getContentLengthLong(),
              ctx.header("Content-Encoding"),
              maxBodyBytes);
    } catch (IngestException e) {
      return CompletableFuture.failedFuture(intake.refused(Source.OTLP_HTTP, e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ExportTraceServiceRequest request;
    try {
      request = json ? OtlpJson.parse(body) : ExportTraceServiceRequest.parseFrom(body);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(
          intake.malformed(
              Source.OTLP_HTTP,
              json ? "malformed_json" : "malformed_protobuf",
              "not an OTLP ExportTraceServiceRequest ("
                  + (json ? "JSON" : "protobuf")
                  + "): "
                  + e.getMessage(),
              body));
    }
    return OtlpExport.export(intake, Source.OTLP_HTTP, request, received)
        .thenApply(
            response -> {
              if (json) {
                try {
                  return new Reply(
                      200,
                      "application/json",
                      PRINTER.print(response).getBytes(StandardCharsets.UTF_8));
                } catch (InvalidProtocolBufferException e) {
                  throw new IllegalStateException(e);
                }
              }
              return new Reply(200, "application/x-protobuf", response.toByteArray());
            });
  }
}
