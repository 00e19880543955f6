package io.spanflow.query.adjust;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanOrBuilder;
import io.spanflow.query.params.GoDuration;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.schemas.ids.TraceIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Corrects clock skew between hosts, as Jaeger does: walking from each root, a child from another
 * host that does not fit inside its parent is shifted so that it sits in the middle of the parent
 * (the network latency split evenly both ways); a child that outlasts its parent is only moved so
 * that it does not start before it. The shift carries to the child's descendants on the same host.
 * Shifts larger than the maximum are not applied but reported as a warning. Spans are expected to
 * have unique ids (run {@link ZipkinSharedSpanIds} first).
 */
public final class ClockSkewAdjuster implements Adjuster {

  static final String WARNING_DUPLICATE_SPAN_ID =
      "duplicate span IDs; skipping clock skew adjustment";
  static final String WARNING_MISSING_PARENT =
      "parent span ID=%s is not in the trace; skipping clock skew adjustment";
  static final String WARNING_MAX_DELTA_EXCEEDED =
      "max clock skew adjustment delta of %s exceeded; not applying calculated delta of %s";
  static final String WARNING_DISABLED =
      "clock skew adjustment disabled; not applying calculated delta of %s";
  static final String NOTE_ADJUSTED = "This span's timestamps were adjusted by %s";

  private final long maxDeltaMicros;
  private final Duration maxDelta;

  public ClockSkewAdjuster(Duration maxDelta) {
    this.maxDelta = Objects.requireNonNull(maxDelta, "maxDelta");
    this.maxDeltaMicros = maxDelta.toNanos() / 1_000;
  }

  private static final class Node {
    final int index;
    final String hostKey;
    final List<Node> children = new ArrayList<>();

    Node(int index, String hostKey) {
      this.index = index;
      this.hostKey = hostKey;
    }
  }

  /** The trace's spans; a span becomes a builder only when it is changed. */
  private static final class Spans {
    private final List<Span> spans;
    private final Span.Builder[] changed;

    Spans(List<Span> spans) {
      this.spans = spans;
      this.changed = new Span.Builder[spans.size()];
    }

    SpanOrBuilder get(int i) {
      return changed[i] != null ? changed[i] : spans.get(i);
    }

    Span.Builder edit(int i) {
      if (changed[i] == null) {
        changed[i] = spans.get(i).toBuilder();
      }
      return changed[i];
    }

    List<Span> result() {
      List<Span> out = new ArrayList<>(spans.size());
      for (int i = 0; i < spans.size(); i++) {
        out.add(changed[i] != null ? changed[i].build() : spans.get(i));
      }
      return out;
    }
  }

  @Override
  public List<Span> adjust(List<Span> trace) {
    Spans spans = new Spans(trace);
    Map<ByteString, Node> byId = new LinkedHashMap<>();
    for (int i = 0; i < trace.size(); i++) {
      Span s = trace.get(i);
      if (byId.containsKey(s.getSpanId())) {
        spans.edit(i).addWarnings(WARNING_DUPLICATE_SPAN_ID);
      } else {
        byId.put(s.getSpanId(), new Node(i, hostKey(s)));
      }
    }
    List<Node> roots = new ArrayList<>();
    for (Node n : byId.values()) {
      ByteString parentId = SpanFacts.parentSpanId(trace.get(n.index)).orElse(null);
      if (parentId == null) {
        roots.add(n);
        continue;
      }
      Node parent = byId.get(parentId);
      if (parent != null && parent != n) {
        parent.children.add(n);
      } else {
        spans
            .edit(n.index)
            .addWarnings(String.format(WARNING_MISSING_PARENT, TraceIds.spanIdToHex(parentId)));
        roots.add(n);
      }
    }
    Map<Node, Boolean> visited = new HashMap<>();
    for (Node root : roots) {
      adjustTree(spans, root, visited);
    }
    return spans.result();
  }

  /** Iterative walk (a 10,000-span chain must not overflow the stack). */
  private void adjustTree(Spans spans, Node root, Map<Node, Boolean> visited) {
    record Step(Node node, Node parent, String skewHost, long deltaMicros) {}
    ArrayList<Step> stack = new ArrayList<>();
    stack.add(new Step(root, null, root.hostKey, 0));
    while (!stack.isEmpty()) {
      Step step = stack.remove(stack.size() - 1);
      Node n = step.node();
      if (visited.putIfAbsent(n, Boolean.TRUE) != null) {
        continue; // a reference cycle; visit each span once
      }
      String skewHost = step.skewHost();
      long delta = step.deltaMicros();
      if (step.parent() != null && (n.hostKey.isEmpty() || !n.hostKey.equals(skewHost))) {
        skewHost = n.hostKey;
        delta = calculateSkew(spans.get(n.index), spans.get(step.parent().index));
      }
      applyDelta(spans, n.index, delta);
      for (int i = n.children.size() - 1; i >= 0; i--) {
        stack.add(new Step(n.children.get(i), n, skewHost, delta));
      }
    }
  }

  private static long calculateSkew(SpanOrBuilder child, SpanOrBuilder parent) {
    long parentStart = SpanFacts.micros(parent.getStartTime());
    long parentDuration = durationMicros(parent);
    long childStart = SpanFacts.micros(child.getStartTime());
    long childDuration = durationMicros(child);
    if (childDuration > parentDuration) {
      // Async child or a parent that timed out: only make sure it does not start too early.
      return childStart < parentStart ? parentStart - childStart : 0;
    }
    if (childStart >= parentStart && childStart + childDuration <= parentStart + parentDuration) {
      return 0;
    }
    long latency = (parentDuration - childDuration) / 2;
    return parentStart + latency - childStart;
  }

  private void applyDelta(Spans spans, int index, long deltaMicros) {
    if (deltaMicros == 0) {
      return;
    }
    Span.Builder span = spans.edit(index);
    String delta = GoDuration.format(Duration.ofNanos(deltaMicros * 1_000));
    if (Math.abs(deltaMicros) > maxDeltaMicros) {
      if (maxDeltaMicros == 0) {
        span.addWarnings(String.format(WARNING_DISABLED, delta));
      } else {
        span.addWarnings(
            String.format(WARNING_MAX_DELTA_EXCEEDED, GoDuration.format(maxDelta), delta));
      }
      return;
    }
    span.setStartTime(
        SpanFacts.timestampOfMicros(SpanFacts.micros(span.getStartTime()) + deltaMicros));
    for (int i = 0; i < span.getLogsCount(); i++) {
      Log log = span.getLogs(i);
      span.setLogs(
          i,
          log.toBuilder()
              .setTimestamp(
                  SpanFacts.timestampOfMicros(SpanFacts.micros(log.getTimestamp()) + deltaMicros)));
    }
    span.addWarnings(String.format(NOTE_ADJUSTED, delta));
  }

  private static long durationMicros(SpanOrBuilder s) {
    return s.getDuration().getSeconds() * 1_000_000L + s.getDuration().getNanos() / 1_000;
  }

  /** Spans from one host share a clock; the host is known from the process tags, if at all. */
  static String hostKey(SpanOrBuilder span) {
    for (String key : new String[] {"host.id", "ip", "host.ip", "hostname", "host.name"}) {
      for (KeyValue kv : span.getProcess().getTagsList()) {
        if (kv.getKey().equals(key)) {
          return SpanFacts.valueAsString(kv);
        }
      }
    }
    return "";
  }
}
