package io.spanflow.query.storage.memory;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.query.storage.DependencyReader;
import io.spanflow.query.storage.Operation;
import io.spanflow.query.storage.OperationQuery;
import io.spanflow.query.storage.ServiceLink;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.query.storage.SpanReader;
import io.spanflow.query.storage.TraceQuery;
import io.spanflow.schemas.ids.TraceIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/** Thread-safe, unbounded; meant for tests and small demos. */
public final class InMemorySpanStore implements SpanReader, DependencyReader {

  private final Map<ByteString, List<Span>> traces = new LinkedHashMap<>();
  private final List<TimedLink> links = new CopyOnWriteArrayList<>();

  private record TimedLink(Instant timestamp, ServiceLink link) {}

  public synchronized InMemorySpanStore write(Span span) {
    traces.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).add(span);
    return this;
  }

  public InMemorySpanStore writeAll(Iterable<Span> spans) {
    spans.forEach(this::write);
    return this;
  }

  /** Records links as the stream processor would, stamped with the time of their bucket. */
  public InMemorySpanStore writeDependencies(Instant timestamp, List<ServiceLink> batch) {
    batch.forEach(l -> links.add(new TimedLink(timestamp, l)));
    return this;
  }

  @Override
  public synchronized Optional<List<Span>> getTrace(ByteString traceId) {
    List<Span> spans = traces.get(traceId);
    return spans == null ? Optional.empty() : Optional.of(List.copyOf(spans));
  }

  @Override
  public synchronized List<String> getServices() {
    TreeSet<String> names = new TreeSet<>();
    traces.values().forEach(l -> l.forEach(s -> names.add(s.getProcess().getServiceName())));
    return List.copyOf(names);
  }

  @Override
  public synchronized List<Operation> getOperations(OperationQuery query) {
    TreeSet<Operation> ops = new TreeSet<>();
    for (List<Span> spans : traces.values()) {
      for (Span s : spans) {
        if (!s.getProcess().getServiceName().equals(query.serviceName())) {
          continue;
        }
        String kind = SpanFacts.spanKind(s);
        if (query.spanKind().isEmpty() || query.spanKind().equals(kind)) {
          ops.add(new Operation(s.getOperationName(), kind));
        }
      }
    }
    return List.copyOf(ops);
  }

  @Override
  public synchronized List<ByteString> findTraceIds(TraceQuery query) {
    record Hit(ByteString traceId, long latestMatchMicros) {}
    List<Hit> hits = new ArrayList<>();
    for (Map.Entry<ByteString, List<Span>> e : traces.entrySet()) {
      long latest = Long.MIN_VALUE;
      for (Span s : e.getValue()) {
        if (matches(s, query)) {
          latest = Math.max(latest, SpanFacts.startMicros(s));
        }
      }
      if (latest != Long.MIN_VALUE) {
        hits.add(new Hit(e.getKey(), latest));
      }
    }
    return hits.stream()
        .sorted(
            Comparator.comparingLong(Hit::latestMatchMicros)
                .reversed()
                .thenComparing(h -> TraceIds.toHex(h.traceId())))
        .limit(query.limit())
        .map(Hit::traceId)
        .toList();
  }

  @Override
  public List<ServiceLink> getDependencies(Instant endTs, Duration lookback) {
    Instant from = endTs.minus(lookback);
    return links.stream()
        .filter(l -> l.timestamp().isAfter(from) && !l.timestamp().isAfter(endTs))
        .map(TimedLink::link)
        .toList();
  }

  /** Every condition holds on this one span, as in Jaeger's per-span search. */
  static boolean matches(Span s, TraceQuery q) {
    if (!q.serviceName().isEmpty() && !q.serviceName().equals(s.getProcess().getServiceName())) {
      return false;
    }
    if (!q.operationName().isEmpty() && !q.operationName().equals(s.getOperationName())) {
      return false;
    }
    long start = SpanFacts.startMicros(s);
    if (start < SpanFacts.microsOf(q.startTimeMin())
        || start > SpanFacts.microsOf(q.startTimeMax())) {
      return false;
    }
    long duration = SpanFacts.durationMicros(s);
    if (q.durationMin().isPresent() && duration < q.durationMin().get().toNanos() / 1_000) {
      return false;
    }
    if (q.durationMax().isPresent() && duration > q.durationMax().get().toNanos() / 1_000) {
      return false;
    }
    for (Map.Entry<String, String> tag : q.tags().entrySet()) {
      if (!hasTag(s, tag.getKey(), tag.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasTag(Span s, String key, String value) {
    if (contains(s.getTagsList(), key, value)
        || contains(s.getProcess().getTagsList(), key, value)) {
      return true;
    }
    for (Log log : s.getLogsList()) {
      if (contains(log.getFieldsList(), key, value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(List<KeyValue> kvs, String key, String value) {
    for (KeyValue kv : kvs) {
      if (kv.getKey().equals(key) && SpanFacts.valueAsString(kv).equals(value)) {
        return true;
      }
    }
    return false;
  }
}
