package io.spanflow.processor.dependencies;

import io.spanflow.processor.enrich.EnrichedSpan;
import io.spanflow.processor.observe.ProcessorMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps one session per trace (input keyed by trace id) and publishes the trace's edges once no
 * span has arrived for the inactivity gap. Time here is the wall clock, because the promise is
 * "edges within a minute of the last span's arrival", whatever the spans' own timestamps say. A
 * closed trace stays in the stores for the trace retention so that late spans still find their
 * parents; they open a new session that publishes only their own edges.
 *
 * <p>Two stores: sessions (trace id → last arrival, closed), and spans (trace id/span → {@link
 * SpanNode}) read by prefix when a trace is linked. The punctuator visits only the open sessions
 * and the closed ones past the retention, through in-memory indexes of the session store.
 *
 * <p>Output: key = "parent → child" edge key, value = the edge, timestamp = the call's start.
 */
final class TraceSessionProcessor
    implements Processor<String, EnrichedSpan, String, DependencyEdge> {

  private static final StringSerializer KEYS = new StringSerializer();

  private final String sessionStoreName;
  private final String spanStoreName;
  private final long gapMillis;
  private final long retentionMillis;
  private final Duration scanInterval;
  private final ProcessorMetrics metrics;

  private ProcessorContext<String, DependencyEdge> context;
  private KeyValueStore<String, TraceSession> sessions;
  private KeyValueStore<String, SpanNode> spans;

  /**
   * In-memory indexes of the session store, so a scan visits the open sessions and the expired ones
   * instead of every session kept for the retention (at 1,000 spans/s, ~36,000 every 5 s). They are
   * rebuilt from the store whenever the task is initialized (after a restore, too); the store stays
   * the truth for which sessions exist and which are closed.
   *
   * <p>An open trace's latest arrival lives here too, and reaches the store only when the stored
   * one is half a gap old: a trace's spans mostly arrive together, so that is one session write per
   * trace instead of one per span. After a crash the stored arrival is at most half a gap old, so a
   * session may close that much early; spans after it then link as late spans do, without being
   * counted twice.
   */
  private final Map<String, Arrivals> open = new TreeMap<>();

  /** An open trace's arrival as stored, and its latest. */
  private static final class Arrivals {
    long stored;
    long latest;

    Arrivals(long stored) {
      this.stored = stored;
      this.latest = stored;
    }
  }

  private final TreeSet<Closed> closedByArrival =
      new TreeSet<>(
          Comparator.comparingLong(Closed::lastArrivalMillis).thenComparing(Closed::traceId));

  private record Closed(long lastArrivalMillis, String traceId) {}

  TraceSessionProcessor(
      String sessionStoreName,
      String spanStoreName,
      Duration gap,
      Duration retention,
      Duration scanInterval,
      ProcessorMetrics metrics) {
    this.sessionStoreName = sessionStoreName;
    this.spanStoreName = spanStoreName;
    this.gapMillis = gap.toMillis();
    this.retentionMillis = retention.toMillis();
    this.scanInterval = scanInterval;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, DependencyEdge> context) {
    this.context = context;
    this.sessions = context.getStateStore(sessionStoreName);
    this.spans = context.getStateStore(spanStoreName);
    open.clear();
    closedByArrival.clear();
    try (KeyValueIterator<String, TraceSession> it = sessions.all()) {
      while (it.hasNext()) {
        KeyValue<String, TraceSession> kv = it.next();
        if (kv.value.closed) {
          closedByArrival.add(new Closed(kv.value.lastArrivalMillis, kv.key));
        } else {
          open.put(kv.key, new Arrivals(kv.value.lastArrivalMillis));
        }
      }
    }
    context.schedule(scanInterval, PunctuationType.WALL_CLOCK_TIME, this::closeIdleSessions);
  }

  @Override
  public void process(Record<String, EnrichedSpan> record) {
    String traceId = record.value().facts().traceId();
    SpanNode node = SpanNode.of(record.value().facts());
    String key = SpanNode.key(traceId, node);
    if (spans.get(key) == null) {
      spans.put(key, node);
    }
    long now = context.currentSystemTimeMs();
    Arrivals arrivals = open.get(traceId);
    if (arrivals != null && now - arrivals.stored < gapMillis / 2) {
      arrivals.latest = Math.max(arrivals.latest, now);
      return;
    }
    // A new trace, a closed one reopened by a late span, or a stored arrival getting old.
    TraceSession session = new TraceSession();
    session.lastArrivalMillis = now;
    session.closed = false;
    sessions.put(traceId, session);
    open.put(traceId, new Arrivals(now));
  }

  void closeIdleSessions(long now) {
    List<KeyValue<String, TraceSession>> idle = new ArrayList<>();
    for (Iterator<Map.Entry<String, Arrivals>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Arrivals> entry = it.next();
      TraceSession session = sessions.get(entry.getKey());
      if (session == null || session.closed) {
        it.remove();
        continue;
      }
      session.lastArrivalMillis = Math.max(session.lastArrivalMillis, entry.getValue().latest);
      if (now - session.lastArrivalMillis >= gapMillis) {
        idle.add(KeyValue.pair(entry.getKey(), session));
      }
    }
    for (KeyValue<String, TraceSession> kv : idle) {
      List<KeyValue<String, SpanNode>> nodes = nodesOf(kv.key);
      List<SpanNode> list = new ArrayList<>(nodes.size());
      int[] before = new int[nodes.size()];
      for (int i = 0; i < nodes.size(); i++) {
        list.add(nodes.get(i).value);
        before[i] = nodes.get(i).value.flags();
      }
      List<DependencyEdge> edges = DependencyLinker.link(list);
      for (DependencyEdge e : edges) {
        context.forward(new Record<>(EdgeKey.of(e), e, e.startMillis()));
      }
      metrics.edgesEmitted(edges.size());
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i).value.flags() != before[i]) {
          spans.put(nodes.get(i).key, nodes.get(i).value);
        }
      }
      kv.value.closed = true;
      sessions.put(kv.key, kv.value);
      open.remove(kv.key);
      closedByArrival.add(new Closed(kv.value.lastArrivalMillis, kv.key));
    }
    // Oldest closed first; a late span may have reopened (or reclosed) a trace since its entry.
    while (!closedByArrival.isEmpty()
        && now - closedByArrival.first().lastArrivalMillis() >= retentionMillis) {
      String traceId = closedByArrival.pollFirst().traceId();
      TraceSession session = sessions.get(traceId);
      if (session != null && session.closed && now - session.lastArrivalMillis >= retentionMillis) {
        nodesOf(traceId).forEach(n -> spans.delete(n.key));
        sessions.delete(traceId);
      }
    }
  }

  private List<KeyValue<String, SpanNode>> nodesOf(String traceId) {
    List<KeyValue<String, SpanNode>> out = new ArrayList<>();
    try (KeyValueIterator<String, SpanNode> it = spans.prefixScan(SpanNode.prefix(traceId), KEYS)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }
}
