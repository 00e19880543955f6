package io.spanflow.schemas.zipkin;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.convert.ConversionResult;
import io.spanflow.schemas.ids.TraceIds;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesDecoder;
import zipkin2.codec.SpanBytesEncoder;

/** Zipkin's own encoders produce the wire bytes; Zipkin's decoders and our converter read them. */
class ZipkinSpanConverterTest {

  static final Endpoint FRONTEND =
      Endpoint.newBuilder().serviceName("frontend").ip("192.168.99.101").port(9000).build();
  static final Endpoint BACKEND =
      Endpoint.newBuilder().serviceName("backend").ip("192.168.99.102").port(9001).build();

  static List<zipkin2.Span> spans() {
    zipkin2.Span client =
        zipkin2.Span.newBuilder()
            .traceId("d3d200866a77cc59")
            .parentId("d3d200866a77cc59")
            .id("1234567890abcdef")
            .name("get")
            .kind(zipkin2.Span.Kind.CLIENT)
            .localEndpoint(FRONTEND)
            .remoteEndpoint(BACKEND)
            .timestamp(1_472_470_996_199_000L)
            .duration(207_000L)
            .addAnnotation(1_472_470_996_238_000L, "ws")
            .putTag("http.path", "/api")
            .putTag("error", "")
            .build();
    zipkin2.Span server =
        client.toBuilder()
            .kind(zipkin2.Span.Kind.SERVER)
            .shared(true)
            .localEndpoint(BACKEND)
            .remoteEndpoint(FRONTEND)
            .clearAnnotations()
            .clearTags()
            .build();
    zipkin2.Span producer =
        zipkin2.Span.newBuilder()
            .traceId("d3d200866a77cc59")
            .parentId("1234567890abcdef")
            .id("00000000000000aa")
            .name("send")
            .kind(zipkin2.Span.Kind.PRODUCER)
            .localEndpoint(BACKEND)
            .remoteEndpoint(Endpoint.newBuilder().serviceName("kafka").build())
            .timestamp(1_472_470_996_300_000L)
            .duration(1L)
            .debug(true)
            .build();
    return List.of(client, server, producer);
  }

  @ParameterizedTest
  @EnumSource(
      value = SpanBytesEncoder.class,
      names = {"JSON_V2", "PROTO3", "JSON_V1", "THRIFT"})
  void everyZipkinEncoding_convertsTheSame(SpanBytesEncoder encoding) {
    byte[] body = encoding.encodeList(spans());
    List<zipkin2.Span> decoded = SpanBytesDecoder.valueOf(encoding.name()).decodeList(body);

    ConversionResult result = ZipkinSpanConverter.convert(decoded);

    assertThat(result.rejected()).isEmpty();
    List<Span> out = result.spans();
    assertThat(out).hasSize(3);
    Span client = byKind(out, "client");
    Span server = byKind(out, "server");
    Span producer = byKind(out, "producer");
    assertThat(client.getSpanId()).isEqualTo(server.getSpanId());
    assertThat(TraceIds.toHex(client.getTraceId())).isEqualTo("d3d200866a77cc59");
    assertThat(client.getProcess().getServiceName()).isEqualTo("frontend");
    assertThat(render(client.getProcess().getTagsList()))
        .contains("ip=192.168.99.101", "port=9000");
    assertThat(render(client.getTagsList()))
        .contains(
            "http.path=/api",
            "error=true",
            "peer.service=backend",
            "peer.ipv4=192.168.99.102",
            "peer.port=9001");
    assertThat(render(client.getTagsList())).noneMatch(t -> t.startsWith("error.message"));
    assertThat(client.getLogsList()).hasSize(1);
    assertThat(client.getReferences(0).getSpanId())
        .isEqualTo(TraceIds.spanIdFromHex("d3d200866a77cc59"));
    assertThat(client.getFlags()).isEqualTo(1);
    assertThat(server.getProcess().getServiceName()).isEqualTo("backend");
    assertThat(render(server.getTagsList())).contains("zipkin.shared=true");
    assertThat(producer.getFlags()).isEqualTo(3);
    assertThat(render(producer.getTagsList())).contains("peer.service=kafka");
  }

  @Test
  void noLocalEndpoint_isUnknownService() {
    zipkin2.Span span =
        zipkin2.Span.newBuilder().traceId("1").id("2").name("x").timestamp(1L).build();
    Span out = ZipkinSpanConverter.toJaeger(span);
    assertThat(out.getProcess().getServiceName()).isEqualTo("unknown_service");
    assertThat(out.getReferencesList()).isEmpty();
    assertThat(out.getTagsList()).isEmpty();
  }

  static Span byKind(List<Span> spans, String kind) {
    return spans.stream()
        .filter(s -> render(s.getTagsList()).contains("span.kind=" + kind))
        .findFirst()
        .orElseThrow();
  }

  static List<String> render(List<KeyValue> tags) {
    return tags.stream()
        .map(
            t ->
                t.getKey()
                    + "="
                    + switch (t.getVType()) {
                      case BOOL -> Boolean.toString(t.getVBool());
                      case INT64 -> Long.toString(t.getVInt64());
                      default -> t.getVStr();
                    })
        .collect(Collectors.toList());
  }
}
