package io.spanflow.collector.thrifthttp;

import io.javalin.http.Context;
import io.spanflow.collector.http.IngestHttpServer.Reply;
import io.spanflow.collector.http.MediaTypes;
import io.spanflow.collector.http.RequestBodies;
import io.spanflow.collector.ingest.DecodedSpans;
import io.spanflow.collector.ingest.IngestException;
import io.spanflow.collector.ingest.Source;
import io.spanflow.collector.ingest.SpanIntake;
import io.spanflow.schemas.thrift.DecodedBatch;
import io.spanflow.schemas.thrift.JaegerThriftDecoder;
import io.spanflow.schemas.thrift.ThriftDecodeException;
import io.spanflow.schemas.thrift.ThriftProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/traces}: a jaeger.thrift {@code Batch} in thrift binary, as jaeger-client's
 * HttpSender (with {@code ?format=jaeger.thrift}) and the Node client (without) send it. Replies
 * 202 once Kafka acknowledged the spans.
 */
public final class JaegerThriftHttpHandler {
  static final Set<String> CONTENT_TYPES =
      Set.of("application/x-thrift", "application/vnd.apache.thrift.binary");

  private final SpanIntake intake;
  private final long maxBodyBytes;

  public JaegerThriftHttpHandler(SpanIntake intake, long maxBodyBytes) {
    this.intake = Objects.requireNonNull(intake, "intake");
    this.maxBodyBytes = maxBodyBytes;
  }

  public CompletableFuture<Reply> postTraces(Context ctx) {
    long received = System.nanoTime();
    String format = ctx.queryParam("format");
    if (format != null && !format.equals("jaeger.thrift")) {
      return fail(
          intake.refused(
              Source.JAEGER_HTTP,
              IngestException.badRequest(
                  "unsupported format '" + format + "' (only jaeger.thrift is accepted)")));
    }
    String contentType = MediaTypes.essence(ctx.contentType());
    if (!CONTENT_TYPES.contains(contentType)) {
      return fail(
          intake.refused(
              Source.JAEGER_HTTP,
              IngestException.badRequest(
                  "unsupported Content-Type '"
                      + ctx.contentType()
                      + "' (expected application/x-thrift or application/vnd.apache.thrift.binary)")));
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
      return fail(intake.refused(Source.JAEGER_HTTP, e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DecodedBatch decoded;
    try {
      decoded = JaegerThriftDecoder.decodeBatchDetailed(body, ThriftProtocol.BINARY);
    } catch (ThriftDecodeException e) {
      return fail(
          intake.malformed(
              Source.JAEGER_HTTP,
              e.reason(),
              "unable to process request body: not a thrift binary jaeger Batch ("
                  + e.reason()
                  + "): "
                  + e.getMessage(),
              body));
    }
    DecodedSpans spans =
        DecodedSpans.from(
            new io.spanflow.schemas.convert.ConversionResult(
                decoded.batch().getSpansList(), decoded.rejected()));
    return intake.accept(Source.JAEGER_HTTP, spans, received).thenApply(r -> Reply.accepted());
  }

  private static CompletableFuture<Reply> fail(IngestException e) {
    return CompletableFuture.failedFuture(e);
  }
}
