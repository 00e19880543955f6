package io.spanflow.tracegen.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.otlp.OtlpSpanConverter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OtlpEncodingTest {

  @Test
  void requestsConvertBackToTheSameSpansWithSchemasConverter() throws Exception {
    List<Span> spans = TraceFixtures.spans(20);
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.parseFrom(OtlpEncoding.request(spans).toByteArray());
    assertThat(request.getResourceSpansCount()).isEqualTo(distinctServices(spans));

    Map<Object, Span> converted =
        OtlpSpanConverter.toJaeger(request).stream()
            .collect(Collectors.toMap(Span::getSpanId, Function.identity()));
    assertThat(converted).hasSize(spans.size());
    for (Span original : spans) {
      Span back = converted.get(original.getSpanId());
      assertThat(back.getTraceId()).isEqualTo(original.getTraceId());
      assertThat(back.getOperationName()).isEqualTo(original.getOperationName());
      assertThat(back.getProcess().getServiceName())
          .isEqualTo(original.getProcess().getServiceName());
      assertThat(back.getStartTime()).isEqualTo(original.getStartTime());
      assertThat(back.getDuration()).isEqualTo(original.getDuration());
      assertThat(back.getReferencesList().stream().map(r -> r.getSpanId()).toList())
          .isEqualTo(original.getReferencesList().stream().map(r -> r.getSpanId()).toList());
      assertThat(tag(back, "span.kind")).isEqualTo(tag(original, "span.kind"));
      assertThat(tag(back, "error")).isEqualTo(tag(original, "error"));
      assertThat(tag(back, "http.status_code")).isEqualTo(tag(original, "http.status_code"));
      assertThat(back.getLogsCount()).isEqualTo(original.getLogsCount());
    }
    assertThat(spans).anyMatch(s -> tag(s, "error") != null);
  }

  static long distinctServices(List<Span> spans) {
    return spans.stream().map(s -> s.getProcess().getServiceName()).distinct().count();
  }

  static KeyValue tag(Span span, String key) {
    return span.getTagsList().stream().filter(t -> t.getKey().equals(key)).findFirst().orElse(null);
  }
}
