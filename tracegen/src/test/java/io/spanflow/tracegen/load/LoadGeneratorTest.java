package io.spanflow.tracegen.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.proto.jaeger.Span;
import io.spanflow.tracegen.send.Outcome;
import io.spanflow.tracegen.send.SpanSender;
import io.spanflow.tracegen.traces.RandomCallTrees;
import io.spanflow.tracegen.traces.RandomTraceSource;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadGeneratorTest {
  private static final RandomCallTrees TREES = new RandomCallTrees(5, 1, 2);

  /** Answers from a script, then accepts; remembers what it was sent. */
  private static final class ScriptedSender implements SpanSender {
    final Deque<Outcome> script = new ArrayDeque<>();
    final List<List<Span>> accepted = new ArrayList<>();

    @Override
    public synchronized Outcome send(List<Span> spans) {
      Outcome next = script.isEmpty() ? Outcome.ACCEPTED : script.poll();
      if (next.status() == Outcome.Status.ACCEPTED) {
        accepted.add(List.copyOf(spans));
      }
      return next;
    }

    @Override
    public void close() {}
  }

  private static LoadGenerator.Builder generator(ScriptedSender sender) {
    return LoadGenerator.builder()
        .sender(sender, "scripted")
        .sources(w -> new RandomTraceSource(TREES, 0.1, 0.1, w))
        .tracesPerSecond(0);
  }

  @Test
  void backpressureIsRetriedAndCountedUntilAccepted(@TempDir Path dir) throws Exception {
    ScriptedSender sender = new ScriptedSender();
    sender.script.add(Outcome.backpressure("429"));
    sender.script.add(Outcome.unavailable("503"));
    Path log = dir.resolve("traces.csv");

    LoadSummary summary =
        generator(sender).traceCount(12).tracesPerRequest(4).traceLog(log).build().run();

    assertThat(summary.tracesSent()).isEqualTo(12);
    assertThat(summary.tracesAcked()).isEqualTo(12);
    assertThat(summary.spansAcked()).isEqualTo(12L * TREES.spansPerTrace());
    assertThat(summary.backpressure()).isEqualTo(1);
    assertThat(summary.unavailable()).isEqualTo(1);
    assertThat(summary.retries()).isEqualTo(2);
    assertThat(summary.requests()).isEqualTo(5);
    assertThat(summary.spansRejected()).isZero();
    assertThat(sender.accepted).hasSize(3);

    List<TraceLog.Entry> entries = TraceLog.read(log);
    assertThat(entries).hasSize(12).allMatch(TraceLog.Entry::acknowledged);
    assertThat(entries.stream().map(TraceLog.Entry::traceId).distinct()).hasSize(12);
    assertThat(entries).allMatch(e -> e.spans() == TREES.spansPerTrace());
  }

  @Test
  void spansAreRejectedAfterTheLastAttemptOrARefusal(@TempDir Path dir) throws Exception {
    ScriptedSender sender = new ScriptedSender();
    sender.script.add(Outcome.backpressure("429"));
    sender.script.add(Outcome.backpressure("429"));
    sender.script.add(Outcome.rejected("400 bad"));
    Path log = dir.resolve("traces.csv");

    LoadSummary summary =
        generator(sender).traceCount(3).maxAttempts(2).traceLog(log).build().run();

    // First request: two 429s, given up; second: refused; third: accepted.
    assertThat(summary.tracesAcked()).isEqualTo(1);
    assertThat(summary.spansRejected()).isEqualTo(2L * TREES.spansPerTrace());
    assertThat(summary.backpressure()).isEqualTo(2);
    assertThat(summary.retries()).isEqualTo(1);
    assertThat(TraceLog.read(log).stream().filter(TraceLog.Entry::acknowledged)).hasSize(1);
  }

  @Test
  void theSummaryHasScriptFriendlyProperties() throws Exception {
    LoadSummary summary = generator(new ScriptedSender()).traceCount(2).build().run();
    assertThat(summary.toProperties())
        .containsEntry("traces_acked", "2")
        .containsEntry("backpressure", "0")
        .containsKeys("spans_per_s", "request_p50_ms", "request_p99_ms", "searchable_p99_ms");
    assertThat(summary.toString()).contains("acknowledged 2");
  }
}
