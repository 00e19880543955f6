package io.spanflow.tracegen.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RandomTraceSourceTest {
  private static final Instant END = Instant.parse("2026-11-21T12:00:00Z");

  @Test
  void aTraceHasOneRootValidParentsAndTheConfiguredShape() {
    RandomCallTrees trees = new RandomCallTrees(8, 3, 2);
    RandomTraceSource source = new RandomTraceSource(trees, 0.2, 0.1, 42);
    for (int i = 0; i < 200; i++) {
      GeneratedTrace trace = source.next(END);
      List<Span> spans = trace.spans();
      assertThat(spans).hasSize(trees.spansPerTrace());
      Map<ByteString, Span> byId = new HashMap<>();
      spans.forEach(s -> byId.put(s.getSpanId(), s));
      assertThat(byId).hasSize(spans.size());

      List<Span> roots = spans.stream().filter(s -> s.getReferencesCount() == 0).toList();
      assertThat(roots).hasSize(1);
      assertThat(tag(roots.get(0), "span.kind")).contains("server");
      assertThat(roots.get(0).getProcess().getServiceName()).isEqualTo("frontend");

      int maxDepth = 0;
      for (Span span : spans) {
        assertThat(span.getTraceId()).isEqualTo(trace.traceId());
        for (SpanRef ref : span.getReferencesList()) {
          assertThat(byId).containsKey(ref.getSpanId());
          Span parent = byId.get(ref.getSpanId());
          // A child starts within its parent.
          assertThat(
                  span.getStartTime().getSeconds() * 1_000_000_000L
                      + span.getStartTime().getNanos())
              .isGreaterThanOrEqualTo(
                  parent.getStartTime().getSeconds() * 1_000_000_000L
                      + parent.getStartTime().getNanos());
          if (tag(span, "span.kind").equals(Optional.of("server"))) {
            // Every non-root SERVER span answers a CLIENT span of the caller.
            assertThat(tag(parent, "span.kind")).contains("client");
            assertThat(tag(parent, "peer.service")).contains(span.getProcess().getServiceName());
          }
        }
        maxDepth = Math.max(maxDepth, depth(span, byId));
      }
      assertThat(maxDepth).isEqualTo(trees.spanDepth());
      assertThat(spans).anyMatch(s -> tag(s, "db.system").isPresent());
      assertThat(spans).allMatch(s -> s.getProcess().getTagsCount() > 0);
    }
  }

  @Test
  void errorAndSlowFractionsAreRoughlyAsConfigured() {
    RandomTraceSource source = new RandomTraceSource(new RandomCallTrees(6, 2, 2), 0.1, 0.05, 7);
    int failed = 0;
    int slow = 0;
    int n = 4_000;
    for (int i = 0; i < n; i++) {
      GeneratedTrace trace = source.next(END);
      Span root = trace.spans().get(0);
      boolean rootError = root.getTagsList().stream().anyMatch(t -> t.getKey().equals("error"));
      assertThat(rootError).isEqualTo(trace.failed());
      if (trace.failed()) {
        failed++;
        // The failing call carries an error log; its callers up to the root are marked too.
        assertThat(trace.spans())
            .anyMatch(
                s ->
                    s.getLogsList().stream()
                        .anyMatch(l -> l.getFields(0).getVStr().equals("error")));
        assertThat(intTag(root, "http.status_code")).isEqualTo(500);
      }
      if (trace.slow()) {
        slow++;
      }
    }
    assertThat(failed / (double) n).isBetween(0.08, 0.12);
    assertThat(slow / (double) n).isBetween(0.035, 0.065);
  }

  @Test
  void theSameSeedGivesTheSameTraces() {
    RandomCallTrees trees = new RandomCallTrees(6, 2, 2);
    RandomTraceSource a = new RandomTraceSource(trees, 0.1, 0.1, 99);
    RandomTraceSource b = new RandomTraceSource(trees, 0.1, 0.1, 99);
    List<GeneratedTrace> first = new ArrayList<>();
    List<GeneratedTrace> second = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      first.add(a.next(END));
      second.add(b.next(END));
    }
    assertThat(first).isEqualTo(second);
    assertThat(first.get(0).traceIdHex()).hasSize(32);
  }

  @Test
  void theTraceEndsAtTheGivenTime() {
    GeneratedTrace trace = new RandomTraceSource(new RandomCallTrees(4, 1, 1), 0, 0, 1).next(END);
    Span root = trace.spans().get(0);
    long endMicros =
        root.getStartTime().getSeconds() * 1_000_000L
            + root.getStartTime().getNanos() / 1_000
            + root.getDuration().getSeconds() * 1_000_000L
            + root.getDuration().getNanos() / 1_000;
    assertThat(endMicros).isEqualTo(END.getEpochSecond() * 1_000_000L);
    assertThat(root.getLogsList())
        .allSatisfy(
            l ->
                assertThat(l.getTimestamp().getSeconds())
                    .isBetween(END.getEpochSecond() - 60, END.getEpochSecond()));
  }

  private static int depth(Span span, Map<ByteString, Span> byId) {
    int depth = 1;
    Span current = span;
    while (current.getReferencesCount() > 0) {
      current = byId.get(current.getReferences(0).getSpanId());
      depth++;
    }
    return depth;
  }

  static Optional<String> tag(Span span, String key) {
    return span.getTagsList().stream()
        .filter(t -> t.getKey().equals(key) && !t.getVStr().isEmpty())
        .map(KeyValue::getVStr)
        .findFirst();
  }

  static long intTag(Span span, String key) {
    return span.getTagsList().stream()
        .filter(t -> t.getKey().equals(key))
        .mapToLong(KeyValue::getVInt64)
        .findFirst()
        .orElse(-1);
  }
}
