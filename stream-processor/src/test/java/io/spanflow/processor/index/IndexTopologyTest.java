package io.spanflow.processor.index;

import static io.spanflow.processor.testing.TestSpans.span;
import static io.spanflow.processor.testing.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spanflow.processor.testing.TopologyHarness;
import io.spanflow.processor.validate.DlqHeaders;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.es.DocumentIds;
import io.spanflow.schemas.es.SpanDocumentMapper;
import java.nio.file.Path;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stage 4 (and the enrichment it carries, stage 3), plus the repartition of unkeyed input. */
class IndexTopologyTest {

  @TempDir Path stateDir;
  TopologyHarness h;

  @BeforeEach
  void start() {
    h = new TopologyHarness(stateDir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void indexedRecord_isTheDocumentKeyedByIdWithIndexHeader() {
    Span s = span(1, 1).start(T0.minusSeconds(30)).service("frontend").operation("GET /").build();
    h.send(s, T0);
    TestRecord<String, byte[]> r = h.indexed.readRecord();
    assertThat(r.key()).isEqualTo(DocumentIds.spanDocumentId(s));
    assertThat(DlqHeaders.text(r.headers(), IndexHeader.NAME)).isEqualTo("jaeger-span-2026-11-21");
    assertThat(SpanDocumentMapper.fromDocumentBytes(r.value())).isEqualTo(s);
  }

  @Test
  void fixtureAllTypesTrace_roundTripsThroughTheDocument() {
    var spans = io.spanflow.schemas.fixtures.TestTraces.allTypesTrace(T0);
    spans.forEach(s -> h.send(s, T0));
    var docs = h.indexed.readValuesToList();
    assertThat(h.dlq.isEmpty()).isTrue();
    assertThat(docs.stream().map(SpanDocumentMapper::fromDocumentBytes).toList())
        .containsExactlyInAnyOrderElementsOf(spans);
  }

  @Test
  void indexHeader_usesTheDateSeparator() {
    TopologyHarness dotted = null;
    try {
      h.close();
      dotted = new TopologyHarness(stateDir, b -> b.esIndexDateSeparator("."));
      dotted.send(span(1, 1).start(T0).build(), T0);
      assertThat(DlqHeaders.text(dotted.indexed.readRecord().headers(), IndexHeader.NAME))
          .isEqualTo("jaeger-span-2026.11.21");
    } finally {
      if (dotted != null) {
        dotted.close();
      }
      h = new TopologyHarness(stateDir.resolve("again"));
    }
  }

  @Test
  void enrichment_isInTheSpanflowObject() {
    Span s =
        span(1, 2)
            .parent(1)
            .start(T0)
            .service(" Checkout ")
            .operation("GET  /users/12345/orders?x=1")
            .kind("server")
            .tag("http.status_code", 503)
            .build();
    h.send(s, T0);
    JsonNode facts = TopologyHarness.json(h.indexed.readValue()).path(SpanDocuments.FACTS_FIELD);
    assertThat(facts.path("error").asBoolean()).isTrue();
    assertThat(facts.path("spanKind").asText()).isEqualTo("server");
    assertThat(facts.path("role").asText()).isEqualTo("child");
    assertThat(facts.path("normalizedService").asText()).isEqualTo("checkout");
    assertThat(facts.path("normalizedOperation").asText()).isEqualTo("GET /users/{id}/orders");
  }

  @Test
  void rootSpanWithoutErrors() {
    h.send(span(1, 1).start(T0).build(), T0);
    JsonNode facts = TopologyHarness.json(h.indexed.readValue()).path(SpanDocuments.FACTS_FIELD);
    assertThat(facts.path("role").asText()).isEqualTo("root");
    assertThat(facts.path("error").asBoolean()).isFalse();
    assertThat(facts.path("spanKind").asText()).isEmpty();
  }

  @Test
  void unkeyedAndWronglyKeyedSpans_areRepartitionedAndStillIndexed() {
    h.sendUnkeyed(span(1, 1).start(T0).build(), T0);
    h.send("not-a-trace-id".getBytes(), span(1, 2).start(T0).build().toByteArray(), T0);
    assertThat(h.indexed.readKeyValuesToList()).hasSize(2);
    assertThat(h.driver.producedTopicNames())
        .anyMatch(t -> t.endsWith("span-by-trace-id-repartition"));
  }

  @Test
  void derivedRecords_doNotLeakInputHeaders() {
    var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
    headers.add("secret", new byte[] {1});
    h.send("x".getBytes(), span(1, 1).start(T0).build().toByteArray(), headers, T0);
    assertThat(h.indexed.readRecord().headers().lastHeader("secret")).isNull();
  }
}
