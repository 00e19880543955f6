package io.spanflow.collector.zipkin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.spanflow.collector.http.IngestHttpServer.Reply;
import io.spanflow.collector.http.MediaTypes;
import io.spanflow.collector.http.RequestBodies;
import io.spanflow.collector.ingest.DecodedSpans;
import io.spanflow.collector.ingest.IngestException;
import io.spanflow.collector.ingest.Source;
import io.spanflow.collector.ingest.SpanIntake;
import io.spanflow.schemas.convert.ConversionResult;
import io.spanflow.schemas.thrift.ThriftDecodeException;
import io.spanflow.schemas.thrift.ZipkinThriftDecoder;
import io.spanflow.schemas.zipkin.ZipkinSpanConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import zipkin2.codec.SpanBytesDecoder;

/**
 * Zipkin's span endpoints. Decoding uses Zipkin's own codecs; conversion to Jaeger spans is {@link
 * ZipkinSpanConverter}. A JSON list with one undecodable span is decoded span by span, so only that
 * span is rejected (and dead-lettered with its JSON) while the others are accepted.
 */
public final class ZipkinHttpHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SpanIntake intake;
  private final long maxBodyBytes;

  public ZipkinHttpHandler(SpanIntake intake, long maxBodyBytes) {
    this.intake = Objects.requireNonNull(intake, "intake");
    this.maxBodyBytes = maxBodyBytes;
  }

  /** {@code POST /api/v2/spans}: JSON (default) or {@code application/x-protobuf} (proto3). */
  public CompletableFuture<Reply> postV2(Context ctx) {
    String type = MediaTypes.essence(ctx.contentType());
    return switch (type) {
      case "", "application/json" -> post(ctx, SpanBytesDecoder.JSON_V2);
      case "application/x-protobuf", "application/protobuf" -> post(ctx, SpanBytesDecoder.PROTO3);
      default -> unsupported(ctx, "application/json or application/x-protobuf");
    };
  }

  /** {@code POST /api/v1/spans}: JSON (default) or {@code application/x-thrift}. */
  public CompletableFuture<Reply> postV1(Context ctx) {
    String type = MediaTypes.essence(ctx.contentType());
    return switch (type) {
      case "", "application/json" -> post(ctx, SpanBytesDecoder.JSON_V1);
      case "application/x-thrift" -> post(ctx, SpanBytesDecoder.THRIFT);
      default -> unsupported(ctx, "application/json or application/x-thrift");
    };
  }

  private CompletableFuture<Reply> unsupported(Context ctx, String expected) {
    return CompletableFuture.failedFuture(
        intake.refused(
            Source.ZIPKIN_HTTP,
            IngestException.badRequest(
                "unsupported Content-Type '"
                    + ctx.contentType()
                    + "' (expected "
                    + expected
                    + ")")));
  }

  private CompletableFuture<Reply> post(Context ctx, SpanBytesDecoder decoder) {
    long received = System.nanoTime();
    byte[] body;
    try {
      body =
          RequestBodies.read(
              ctx.req().getInputStream(),
              ctx.req().getContentLengthLong(),
              ctx.header("Content-Encoding"),
              maxBodyBytes);
    } catch (IngestException e) {
      return CompletableFuture.failedFuture(intake.refused(Source.ZIPKIN_HTTP, e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DecodedSpans decoded;
    try {
      decoded = decode(decoder, body);
    } catch (IngestException e) {
      return CompletableFuture.failedFuture(e);
    }
    return intake.accept(Source.ZIPKIN_HTTP, decoded, received).thenApply(r -> Reply.accepted());
  }

  /** Decodes a whole body; throws BAD_REQUEST (and dead-letters it) when nothing is readable. */
  DecodedSpans decode(SpanBytesDecoder decoder, byte[] body) {
    if (body.length == 0) {
      // OkHttp's sender may post an empty batch when it closes.
      return DecodedSpans.of(List.of());
    }
    if (decoder == SpanBytesDecoder.THRIFT) {
      try {
        return DecodedSpans.from(ZipkinThriftDecoder.decodeSpansDetailed(body));
      } catch (ThriftDecodeException e) {
        throw malformed(e.reason(), "not a zipkin thrift span list: " + e.getMessage(), body);
      }
    }
    List<zipkin2.Span> spans = new ArrayList<>();
    try {
      decoder.decodeList(body, spans);
      return DecodedSpans.from(ZipkinSpanConverter.convert(spans));
    } catch (RuntimeException whole) {
      if (decoder == SpanBytesDecoder.PROTO3) {
        throw malformed(
            "malformed_proto3", "not a zipkin proto3 ListOfSpans: " + whole.getMessage(), body);
      }
      return decodeOneByOne(decoder, body, whole);
    }
  }

  /** The list failed as a whole: find the bad spans and keep the good ones. */
  private DecodedSpans decodeOneByOne(SpanBytesDecoder decoder, byte[] body, RuntimeException e) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException notJson) {
      throw malformed(
          "malformed_json",
          "not valid JSON: "
              + (notJson instanceof JsonProcessingException jpe
                  ? jpe.getOriginalMessage()
                  : notJson.getMessage()),
          body);
    }
    if (root == null || !root.isArray()) {
      throw malformed("malformed_json", "expected a JSON array of spans: " + e.getMessage(), body);
    }
    List<zipkin2.Span> good = new ArrayList<>();
    List<DecodedSpans.Rejection> rejections = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      byte[] element;
      try {
        element = JSON.writeValueAsBytes(root.get(i));
      } catch (JsonProcessingException impossible) {
        throw new IllegalStateException(impossible);
      }
      byte[] asList = new byte[element.length + 2];
      asList[0] = '[';
      System.arraycopy(element, 0, asList, 1, element.length);
      asList[asList.length - 1] = ']';
      try {
        good.addAll(decoder.decodeList(asList));
      } catch (RuntimeException bad) {
        rejections.add(
            new DecodedSpans.Rejection(
                "invalid_span", "span #" + i + ": " + bad.getMessage(), element));
      }
    }
    ConversionResult converted = ZipkinSpanConverter.convert(good);
    DecodedSpans fromConverter = DecodedSpans.from(converted);
    List<DecodedSpans.Rejection> all = new ArrayList<>(rejections);
    all.addAll(fromConverter.rejections());
    return new DecodedSpans(fromConverter.spans(), all);
  }

  private IngestException malformed(String reason, String detail, byte[] body) {
    return intake.malformed(Source.ZIPKIN_HTTP, reason, detail, body);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
