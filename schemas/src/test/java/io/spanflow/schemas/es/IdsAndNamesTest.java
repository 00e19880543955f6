package io.spanflow.schemas.es;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.proto.jaeger.Span;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdsAndNamesTest {

  private static final Instant T = Instant.parse("2026-11-21T13:45:10.123Z");

  @Test
  void spanDocumentId_isStableForARetriedSpan() throws Exception {
    Span span = EsFixtures.allTypes();
    Span retried = Span.parseFrom(span.toByteArray());

    assertThat(DocumentIds.spanDocumentId(retried)).isEqualTo(DocumentIds.spanDocumentId(span));
    assertThat(DocumentIds.spanDocumentId(span))
        .startsWith("4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-")
        .hasSize(32 + 1 + 16 + 1 + 16);
  }

  @Test
  void spanDocumentId_separatesZipkinSharedSpanHalves() {
    List<Span> halves = EsFixtures.zipkinSharedSpan();

    assertThat(halves.get(0).getSpanId()).isEqualTo(halves.get(1).getSpanId());
    assertThat(DocumentIds.spanDocumentId(halves.get(0)))
        .isNotEqualTo(DocumentIds.spanDocumentId(halves.get(1)));
  }

  @Test
  void serviceOperationId_isJaegersFnvHash() {
    // FNV-64a("") is the offset basis; older Jaeger (no kind) hashed service + operation only.
    assertThat(DocumentIds.serviceOperationId("", "", "")).isEqualTo("cbf29ce484222325");
    assertThat(DocumentIds.serviceOperationId("svc", "", "op"))
        .isEqualTo(DocumentIds.serviceOperationId("svco", "", "p"));
    assertThat(DocumentIds.serviceOperationId("svc", "server", "op"))
        .isNotEqualTo(DocumentIds.serviceOperationId("svc", "client", "op"));
  }

  @Test
  void indexNames_followJaeger() {
    assertThat(IndexNames.spanIndex(null, T)).isEqualTo("jaeger-span-2026-11-21");
    assertThat(IndexNames.spanIndex("", T)).isEqualTo("jaeger-span-2026-11-21");
    assertThat(IndexNames.spanIndex("prod", T)).isEqualTo("prod-jaeger-span-2026-11-21");
    assertThat(IndexNames.spanIndex("prod-", T)).isEqualTo("prod-jaeger-span-2026-11-21");
    assertThat(IndexNames.serviceIndex("p", T, IndexDateLayout.daily(".")))
        .isEqualTo("p-jaeger-service-2026.11.21");
    assertThat(IndexNames.dependenciesIndex(null, T, IndexDateLayout.daily("")))
        .isEqualTo("jaeger-dependencies-20261121");
    assertThat(IndexNames.spanMetricsIndex(null, T, IndexDateLayout.hourly("-")))
        .isEqualTo("spanflow-span-metrics-2026-11-21-13");
    assertThat(IndexNames.readAlias(IndexFamily.SPAN, "p")).isEqualTo("p-jaeger-span-read");
    assertThat(IndexNames.writeAlias(IndexFamily.SERVICE, null)).isEqualTo("jaeger-service-write");
  }

  @Test
  void indicesBetween_listsEveryDayNewestFirst() {
    assertThat(
            IndexNames.indicesBetween(
                IndexFamily.SPAN,
                "p",
                Instant.parse("2026-11-19T23:59:00Z"),
                T,
                IndexDateLayout.DEFAULT))
        .containsExactly(
            "p-jaeger-span-2026-11-21", "p-jaeger-span-2026-11-20", "p-jaeger-span-2026-11-19");
  }

  @Test
  void dateOf_parsesOnlyOwnIndices() {
    IndexDateLayout dots = IndexDateLayout.daily(".");
    assertThat(IndexNames.dateOf(IndexFamily.SPAN, "p", "p-jaeger-span-2026.11.21", dots))
        .contains(Instant.parse("2026-11-21T00:00:00Z"));
    assertThat(IndexNames.dateOf(IndexFamily.SPAN, "p", "jaeger-span-2026.11.21", dots)).isEmpty();
    assertThat(IndexNames.dateOf(IndexFamily.SPAN, "p", "p-jaeger-span-read", dots)).isEmpty();
    assertThat(
            IndexNames.dateOf(
                IndexFamily.SPAN_METRICS,
                null,
                "spanflow-span-metrics-2026-11-21-13",
                IndexDateLayout.hourly("-")))
        .contains(Instant.parse("2026-11-21T13:00:00Z"));
    assertThat(IndexFamily.ofIndex("p", "p-jaeger-dependencies-2026-11-21"))
        .contains(IndexFamily.DEPENDENCIES);
    assertThat(IndexFamily.ofIndex("p", "jaeger-span-2026-11-21")).isEmpty();
  }
}
