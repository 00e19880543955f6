package io.spanflow.schemas.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.convert.ConversionResult;
import io.spanflow.schemas.convert.Times;
import io.spanflow.schemas.ids.TraceIds;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import zipkin2.Endpoint;

class ZipkinThriftDecoderTest {

  static final long START = 1_700_000_000_000_000L;
  static final Endpoint FRONTEND =
      Endpoint.newBuilder().serviceName("frontend").ip("172.17.0.13").port(8080).build();
  static final Endpoint BACKEND =
      Endpoint.newBuilder().serviceName("backend").ip("2001:db8::c001").port(9000).build();

  static List<zipkin2.Span> zipkinSpans() {
    zipkin2.Span client =
        zipkin2.Span.newBuilder()
            .traceId("7180c278b62e8f6a216a2aea45d08fc9")
            .id("5b4185666d50f68b")
            .parentId("6b221d5bc9e6496c")
            .name("get /api")
            .kind(zipkin2.Span.Kind.CLIENT)
            .localEndpoint(FRONTEND)
            .remoteEndpoint(BACKEND)
            .timestamp(START)
            .duration(207_000L)
            .addAnnotation(START + 10, "foo")
            .putTag("http.path", "/api")
            .putTag("error", "500 Internal")
            .debug(true)
            .build();
    zipkin2.Span server =
        client.toBuilder()
            .kind(zipkin2.Span.Kind.SERVER)
            .shared(true)
            .localEndpoint(BACKEND)
            .remoteEndpoint(FRONTEND)
            .clearAnnotations()
            .clearTags()
            .debug(null)
            .timestamp(START + 50)
            .duration(100_000L)
            .build();
    return List.of(client, server);
  }

  @ParameterizedTest
  @EnumSource(ThriftProtocol.class)
  void emitZipkinBatch_keepsSharedHalvesAsTwoSpans(ThriftProtocol protocol) throws Exception {
    byte[] packet = ZipkinThriftEncoding.emitZipkinBatch(zipkinSpans(), protocol);

    List<Span> spans = ZipkinThriftDecoder.decodeEmitZipkinBatch(packet, packet.length, protocol);

    assertThat(spans).hasSize(2);
    Map<String, Span> byKind =
        spans.stream().collect(Collectors.toMap(s -> tag(s, "span.kind"), s -> s));
    Span client = byKind.get("client");
    Span server = byKind.get("server");
    assertThat(client.getSpanId()).isEqualTo(server.getSpanId());
    assertThat(TraceIds.toHex(client.getTraceId())).isEqualTo("7180c278b62e8f6a216a2aea45d08fc9");
    assertThat(TraceIds.spanIdToHex(client.getSpanId())).isEqualTo("5b4185666d50f68b");
    assertThat(client.getOperationName()).isEqualTo("get /api");
    assertThat(client.getProcess().getServiceName()).isEqualTo("frontend");
    assertThat(server.getProcess().getServiceName()).isEqualTo("backend");
    assertThat(Times.toMicros(client.getStartTime())).isEqualTo(START);
    assertThat(Times.toMicros(client.getDuration())).isEqualTo(207_000L);
    assertThat(client.getReferences(0).getSpanId())
        .isEqualTo(TraceIds.spanIdFromHex("6b221d5bc9e6496c"));
    assertThat(client.getFlags()).isEqualTo(3); // sampled + debug
    assertThat(tag(client, "http.path")).isEqualTo("/api");
    assertThat(tag(client, "error")).isEqualTo("true");
    assertThat(tag(client, "error.message")).isEqualTo("500 Internal");
    assertThat(tag(client, "peer.service")).isEqualTo("backend");
    assertThat(tag(client, "peer.ipv6")).isEqualTo("2001:db8::c001");
    assertThat(tag(client, "peer.port")).isEqualTo("9000");
    assertThat(client.getProcess().getTagsList())
        .extracting(ZipkinThriftDecoderTest::render)
        .contains("ip=172.17.0.13", "port=8080");
    assertThat(client.getLogsList()).hasSize(1);
    assertThat(client.getLogs(0).getFields(0).getVStr()).isEqualTo("foo");
    assertThat(tag(server, "zipkin.shared")).isEqualTo("true");
  }

  @Test
  void decodeSpans_readsZipkinsOwnThriftList() throws Exception {
    byte[] body = ZipkinThriftEncoding.spanList(zipkinSpans());
    assertThat(ZipkinThriftDecoder.decodeSpans(body)).hasSize(2);
    assertThat(ZipkinThriftDecoder.decodeSpans(new byte[0])).isEmpty();
    byte[] single = zipkin2.codec.SpanBytesEncoder.THRIFT.encode(zipkinSpans().get(0));
    assertThat(ZipkinThriftDecoder.decodeSpans(single)).hasSize(1);
  }

  @Test
  void truncatedList_throwsTruncated() {
    byte[] body = ZipkinThriftEncoding.spanList(zipkinSpans());
    byte[] cut = Arrays.copyOf(body, body.length - 3);
    assertThatThrownBy(() -> ZipkinThriftDecoder.decodeSpans(cut))
        .isInstanceOf(ThriftDecodeException.class)
        .extracting(e -> ((ThriftDecodeException) e).reason())
        .isEqualTo("truncated");
  }

  @Test
  void zeroIdSpan_isRejected_othersKept() throws Exception {
    List<zipkin2.Span> spans = zipkinSpans();
    byte[] good = ZipkinThriftEncoding.spanList(List.of(spans.get(0)));
    // Rewrite the span id of a one-span list to zero: find its 8 bytes and clear them.
    byte[] bad = good.clone();
    byte[] id = TraceIds.spanIdFromHex("5b4185666d50f68b").toByteArray();
    int at = indexOf(bad, id);
    Arrays.fill(bad, at, at + 8, (byte) 0);
    ConversionResult result = ZipkinThriftDecoder.decodeSpansDetailed(bad);
    assertThat(result.spans()).isEmpty();
    assertThat(result.rejected())
        .extracting(ConversionResult.Rejected::reason)
        .containsExactly("invalid_span_id");
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  static String tag(Span span, String key) {
    for (KeyValue kv : span.getTagsList()) {
      if (kv.getKey().equals(key)) {
        return value(kv);
      }
    }
    return null;
  }

  static String render(KeyValue kv) {
    return kv.getKey() + "=" + value(kv);
  }

  static String value(KeyValue kv) {
    return switch (kv.getVType()) {
      case STRING -> kv.getVStr();
      case BOOL -> Boolean.toString(kv.getVBool());
      case INT64 -> Long.toString(kv.getVInt64());
      case FLOAT64 -> Double.toString(kv.getVFloat64());
      case BINARY -> kv.getVBinary().toStringUtf8();
      default -> "?";
    };
  }
}
