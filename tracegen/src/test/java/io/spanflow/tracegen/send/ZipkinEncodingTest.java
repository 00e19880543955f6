package io.spanflow.tracegen.send;

import static io.spanflow.tracegen.send.OtlpEncodingTest.tag;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.zipkin.ZipkinSpanConverter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import zipkin2.codec.SpanBytesDecoder;
import zipkin2.codec.SpanBytesEncoder;

class ZipkinEncodingTest {

  @Test
  void jsonV2ConvertsBackToTheSameSpansWithSchemasConverter() {
    List<Span> spans = TraceFixtures.spans(20);
    byte[] json = SpanBytesEncoder.JSON_V2.encodeList(ZipkinEncoding.spans(spans));
    List<zipkin2.Span> decoded = SpanBytesDecoder.JSON_V2.decodeList(json);

    Map<Object, Span> converted =
        decoded.stream()
            .map(ZipkinSpanConverter::toJaeger)
            .collect(Collectors.toMap(Span::getSpanId, Function.identity()));
    assertThat(converted).hasSize(spans.size());
    for (Span original : spans) {
      Span back = converted.get(original.getSpanId());
      assertThat(back.getTraceId()).isEqualTo(original.getTraceId());
      // Zipkin lower-cases names.
      assertThat(back.getOperationName())
          .isEqualTo(original.getOperationName().toLowerCase(Locale.ROOT));
      assertThat(back.getProcess().getServiceName())
          .isEqualTo(original.getProcess().getServiceName());
      assertThat(back.getStartTime()).isEqualTo(original.getStartTime());
      assertThat(back.getDuration()).isEqualTo(original.getDuration());
      assertThat(back.getReferencesList().stream().map(r -> r.getSpanId()).toList())
          .isEqualTo(original.getReferencesList().stream().map(r -> r.getSpanId()).toList());
      assertThat(tag(back, "span.kind").getVStr()).isEqualTo(tag(original, "span.kind").getVStr());
      boolean failed = tag(original, "error") != null;
      assertThat(tag(back, "error") != null).isEqualTo(failed);
      if (failed) {
        assertThat(tag(back, "error").getVBool()).isTrue();
      }
      assertThat(back.getLogsCount()).isEqualTo(original.getLogsCount());
    }
  }
}
