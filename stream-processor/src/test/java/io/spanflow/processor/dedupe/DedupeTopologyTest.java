package io.spanflow.processor.dedupe;

import static io.spanflow.processor.testing.TestSpans.span;
import static io.spanflow.processor.testing.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.processor.testing.TopologyHarness;
import io.spanflow.proto.jaeger.Span;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupeTopologyTest {

  @TempDir Path stateDir;
  TopologyHarness h;

  @BeforeEach
  void start() {
    h = new TopologyHarness(stateDir, b -> b.dedupeRetention(Duration.ofMinutes(30)));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void copiesArrivingTogether_passOnce() {
    Span s = span(1, 1).start(T0).build();
    h.send(s, T0);
    h.send(s, T0);
    assertThat(h.indexed.readKeyValuesToList()).hasSize(1);
    assertThat(h.metrics.duplicatesDroppedCount()).isEqualTo(1);
  }

  @Test
  void copiesMinutesApart_withinRetention_passOnce() {
    Span s = span(1, 1).start(T0).build();
    h.send(s, T0);
    // other traffic moves stream time on
    h.send(span(2, 2).start(T0.plusSeconds(600)).build(), T0.plusSeconds(600));
    h.send(s, T0.plusSeconds(20 * 60));
    assertThat(h.indexed.readKeyValuesToList()).hasSize(2);
    assertThat(h.metrics.duplicatesDroppedCount()).isEqualTo(1);
  }

  @Test
  void copyBeyondRetention_passesAgain() {
    Span s = span(1, 1).start(T0).build();
    h.send(s, T0);
    h.send(span(2, 2).start(T0.plusSeconds(3600)).build(), T0.plusSeconds(3600));
    // the retried span is re-stamped by the start-time rule only if beyond skew; stay within it
    h.send(s, T0.plusSeconds(45 * 60));
    assertThat(h.indexed.readKeyValuesToList()).hasSize(3);
  }

  @Test
  void copyOneKeyedOneUnkeyed_isStillACopy() {
    Span s = span(1, 1).start(T0).build();
    h.send(s, T0);
    h.sendUnkeyed(s, T0.plusSeconds(1));
    assertThat(h.indexed.readKeyValuesToList()).hasSize(1);
  }

  @Test
  void zipkinClientAndServerHalves_areNotDuplicates() {
    Span client = span(1, 5).start(T0).service("frontend").kind("client").build();
    Span server = span(1, 5).start(T0).service("backend").kind("server").build();
    h.send(client, T0);
    h.send(server, T0);
    var keys = h.indexed.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    assertThat(keys).hasSize(2).doesNotHaveDuplicates();
    assertThat(h.metrics.duplicatesDroppedCount()).isZero();
  }
}
