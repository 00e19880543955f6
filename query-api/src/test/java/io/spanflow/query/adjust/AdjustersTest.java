package io.spanflow.query.adjust;

import static io.spanflow.query.storage.TestSpans.log;
import static io.spanflow.query.storage.TestSpans.process;
import static io.spanflow.query.storage.TestSpans.span;
import static io.spanflow.query.storage.TestSpans.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.schemas.ids.TraceIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AdjustersTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Process FRONT = process("frontend", str("ip", "10.0.0.1"));
  private static final Process BACK = process("backend", str("ip", "10.0.0.2"));

  private static Instant at(long micros) {
    return T0.plusNanos(micros * 1000);
  }

  private static long startOffset(Span s) {
    return SpanFacts.startMicros(s) - SpanFacts.microsOf(T0);
  }

  private static Map<Long, Span> bySpanId(List<Span> spans) {
    return spans.stream()
        .collect(Collectors.toMap(s -> TraceIds.low(s.getSpanId()), Function.identity()));
  }

  @Test
  void deduplicator_dropsExactCopiesOnly() {
    Span a = span(1, 1, 0, FRONT, "a", T0, 10).build();
    Span sameIdOtherContent = span(1, 1, 0, BACK, "a", T0, 10).build();
    List<Span> out = new SpanDeduplicator().adjust(List.of(a, a, sameIdOtherContent, a));
    assertThat(out).containsExactly(a, sameIdOtherContent);
  }

  @Test
  void deduplicator_threeVariantsOfOneId_keepsEachOnceInFirstOrder() {
    Span a = span(1, 1, 0, FRONT, "a", T0, 10).build();
    Span b = span(1, 1, 0, BACK, "a", T0, 10).build();
    Span c = span(1, 1, 0, BACK, "c", T0, 10).build();
    Span other = span(1, 2, 1, BACK, "d", T0, 5).build();
    List<Span> out =
        new SpanDeduplicator().adjust(List.of(a, b, other, c, b, a, c, other.toBuilder().build()));
    assertThat(out).containsExactly(a, b, other, c);
    List<Span> unique = List.of(a, b, c, other);
    assertThat(new SpanDeduplicator().adjust(unique)).isSameAs(unique);
  }

  @Test
  void zipkinSharedSpanIds_serverHalfGetsNewIdAndClientParent() {
    Span root = span(1, 1, 0, FRONT, "root", T0, 100).addTags(str("span.kind", "server")).build();
    Span client =
        span(1, 5, 1, FRONT, "call", at(10), 50).addTags(str("span.kind", "client")).build();
    Span server =
        span(1, 5, 1, BACK, "call", at(12), 40).addTags(str("span.kind", "server")).build();
    Span childOfServer = span(1, 6, 5, BACK, "db", at(15), 10).build();

    List<Span> out = new ZipkinSharedSpanIds().adjust(List.of(root, client, server, childOfServer));

    Span newServer = out.get(2);
    long newId = TraceIds.low(newServer.getSpanId());
    assertThat(newId).isNotIn(1L, 5L, 6L);
    assertThat(SpanFacts.parentSpanId(newServer)).contains(TraceIds.spanId(5));
    assertThat(out.get(1)).isEqualTo(client);
    assertThat(SpanFacts.parentSpanId(out.get(3))).contains(TraceIds.spanId(newId));
    assertThat(out.get(0)).isEqualTo(root);
  }

  @Test
  void zipkinSharedSpanIds_leavesUniqueIdsAlone() {
    List<Span> trace =
        List.of(
            span(1, 1, 0, FRONT, "a", T0, 10).addTags(str("span.kind", "client")).build(),
            span(1, 2, 1, BACK, "b", T0, 10).addTags(str("span.kind", "server")).build());
    assertThat(new ZipkinSharedSpanIds().adjust(trace)).isEqualTo(trace);
  }

  private static List<Span> skewedTrace() {
    // The backend's clock runs 800µs... behind: its server span starts before the client call.
    return List.of(
        span(1, 1, 0, FRONT, "client call", at(0), 1000).build(),
        span(1, 2, 1, BACK, "server", at(-500), 400)
            .addLogs(log(at(-400), str("event", "x")))
            .build(),
        span(1, 3, 2, BACK, "db", at(-450), 100).build());
  }

  @Test
  void clockSkew_shiftsChildIntoParentAndCarriesToSameHostDescendants() {
    Map<Long, Span> out =
        bySpanId(new ClockSkewAdjuster(Duration.ofSeconds(1)).adjust(skewedTrace()));
    // latency split evenly: (1000 - 400) / 2 = 300 → the child starts at 300, a shift of 800µs
    assertThat(startOffset(out.get(2L))).isEqualTo(300);
    assertThat(SpanFacts.micros(out.get(2L).getLogs(0).getTimestamp()) - SpanFacts.microsOf(T0))
        .isEqualTo(400);
    assertThat(out.get(2L).getWarningsList())
        .containsExactly("This span's timestamps were adjusted by 800\u00b5s");
    assertThat(startOffset(out.get(3L))).isEqualTo(350);
    assertThat(startOffset(out.get(1L))).isEqualTo(0);
    assertThat(out.get(1L).getWarningsList()).isEmpty();
  }

  @Test
  void clockSkew_beyondMaximum_isOnlyReported() {
    Map<Long, Span> out =
        bySpanId(new ClockSkewAdjuster(Duration.ofNanos(500_000)).adjust(skewedTrace()));
    assertThat(startOffset(out.get(2L))).isEqualTo(-500);
    assertThat(out.get(2L).getWarningsList())
        .containsExactly(
            "max clock skew adjustment delta of 500\u00b5s exceeded; not applying calculated delta of 800\u00b5s");
  }

  @Test
  void clockSkew_disabledByDefault_reportsWhatItWouldDo() {
    Map<Long, Span> out = bySpanId(new ClockSkewAdjuster(Duration.ZERO).adjust(skewedTrace()));
    assertThat(startOffset(out.get(2L))).isEqualTo(-500);
    assertThat(out.get(2L).getWarningsList())
        .containsExactly(
            "clock skew adjustment disabled; not applying calculated delta of 800\u00b5s");
  }

  @Test
  void clockSkew_childLongerThanParent_onlyMovedToParentStart() {
    List<Span> trace =
        List.of(
            span(1, 1, 0, FRONT, "fire and forget", at(0), 100).build(),
            span(1, 2, 1, BACK, "async work", at(-50), 5000).build());
    Map<Long, Span> out = bySpanId(new ClockSkewAdjuster(Duration.ofSeconds(1)).adjust(trace));
    assertThat(startOffset(out.get(2L))).isEqualTo(0);
  }

  @Test
  void clockSkew_missingParentAndDuplicateIds_becomeWarnings() {
    List<Span> trace =
        List.of(
            span(1, 1, 0, FRONT, "root", at(0), 100).build(),
            span(1, 2, 9, BACK, "orphan", at(10), 10).build(),
            span(1, 1, 0, BACK, "dupe", at(0), 100).build());
    List<Span> out = new ClockSkewAdjuster(Duration.ofSeconds(1)).adjust(trace);
    assertThat(out.get(1).getWarningsList())
        .containsExactly(
            "parent span ID=0000000000000009 is not in the trace; skipping clock skew adjustment");
    assertThat(out.get(2).getWarningsList())
        .containsExactly("duplicate span IDs; skipping clock skew adjustment");
  }

  @Test
  void clockSkew_deepChain_doesNotOverflowTheStack() {
    List<Span> chain = new ArrayList<>();
    for (int i = 1; i <= 20_000; i++) {
      chain.add(span(1, i, i - 1, i % 2 == 0 ? FRONT : BACK, "op", at(i), 1_000_000 - i).build());
    }
    assertThat(new ClockSkewAdjuster(Duration.ofSeconds(1)).adjust(chain)).hasSize(20_000);
  }

  @Test
  void sorter_ordersSpansTagsAndLogFields() {
    Span late = span(1, 2, 1, FRONT, "late", at(50), 10).build();
    Span early =
        span(1, 1, 0, process("svc", str("z", "1"), str("a", "2")), "early", at(0), 100)
            .addTags(str("zeta", "1"))
            .addTags(str("alpha", "2"))
            .addLogs(log(at(20), str("b", "1"), str("event", "second")))
            .addLogs(log(at(10), str("a", "1"), str("event", "first")))
            .build();
    List<Span> out = new SpanSorter().adjust(List.of(late, early));
    assertThat(out).extracting(Span::getOperationName).containsExactly("early", "late");
    Span s = out.get(0);
    assertThat(s.getTagsList()).extracting(kv -> kv.getKey()).containsExactly("alpha", "zeta");
    assertThat(s.getProcess().getTagsList())
        .extracting(kv -> kv.getKey())
        .containsExactly("a", "z");
    assertThat(s.getLogs(0).getFieldsList())
        .extracting(kv -> kv.getKey() + "=" + SpanFacts.valueAsString(kv))
        .containsExactly("event=first", "a=1");
    assertThat(s.getLogs(1).getFields(0).getVStr()).isEqualTo("second");
  }

  @Test
  void sorterAndClockSkew_leaveSpansThatNeedNoChangeAsTheyAre() {
    Span parent = span(1, 1, 0, FRONT, "parent", at(0), 100).build();
    Span child =
        span(1, 2, 1, BACK, "child", at(10), 50)
            .addTags(str("a", "1"))
            .addTags(str("b", "2"))
            .addLogs(log(at(20), str("event", "x"), str("a", "1")))
            .build();
    Span unsorted =
        span(1, 3, 1, BACK, "unsorted", at(20), 5)
            .addTags(str("z", "1"))
            .addTags(str("a", "2"))
            .build();
    List<Span> trace = List.of(parent, child, unsorted);

    List<Span> skewed = new ClockSkewAdjuster(Duration.ofSeconds(1)).adjust(trace);
    assertThat(skewed.get(0)).isSameAs(parent);
    assertThat(skewed.get(1)).isSameAs(child);

    List<Span> sorted = new SpanSorter().adjust(trace);
    assertThat(sorted.get(0)).isSameAs(parent);
    assertThat(sorted.get(1)).isSameAs(child);
    assertThat(sorted.get(2)).isNotSameAs(unsorted);
    assertThat(sorted.get(2).getTagsList()).extracting(kv -> kv.getKey()).containsExactly("a", "z");
  }

  @Test
  void processNumbering_sharesIdsBetweenEqualProcesses() {
    List<Span> out =
        new ProcessNumbering()
            .adjust(
                List.of(
                    span(1, 1, 0, FRONT, "a", T0, 1).build(),
                    span(1, 2, 1, BACK, "b", T0, 1).build(),
                    span(1, 3, 1, FRONT, "c", T0, 1).build()));
    assertThat(out).extracting(Span::getProcessId).containsExactly("p1", "p2", "p1");
  }

  @Test
  void standardChain_runsInOrder_dedupeBeforeUniquifyBeforeSkew() {
    Span client =
        span(1, 5, 0, FRONT, "call", at(0), 1000).addTags(str("span.kind", "client")).build();
    Span server =
        span(1, 5, 0, BACK, "call", at(-500), 400).addTags(str("span.kind", "server")).build();
    List<Span> out =
        Adjusters.standard(Duration.ofSeconds(1)).adjust(List.of(server, client, server));
    assertThat(out).hasSize(2);
    assertThat(out.get(0))
        .extracting(Span::getOperationName, Span::getProcessId)
        .containsExactly("call", "p1");
    Span adjustedServer = out.get(1);
    assertThat(adjustedServer.getProcess().getServiceName()).isEqualTo("backend");
    assertThat(startOffset(adjustedServer)).isEqualTo(300);
    assertThat(adjustedServer.getProcessId()).isEqualTo("p2");
    assertThat(adjustedServer.getWarningsList()).hasSize(1);
  }
}
