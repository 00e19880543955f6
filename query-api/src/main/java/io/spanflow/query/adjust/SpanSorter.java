package io.spanflow.query.adjust;

import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.schemas.ids.TraceIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the output deterministic whatever order storage returned: spans by start time then span id;
 * span and process tags by key; logs by time; log fields by key with {@code event} first, as
 * Jaeger's UI shows it.
 */
public final class SpanSorter implements Adjuster {

  private static final Comparator<Span> SPAN_ORDER =
      Comparator.comparingLong(SpanFacts::startMicros)
          .thenComparing(
              (a, b) ->
                  Long.compareUnsigned(TraceIds.low(a.getSpanId()), TraceIds.low(b.getSpanId())));

  private static final Comparator<KeyValue> BY_KEY = Comparator.comparing(KeyValue::getKey);

  private static final Comparator<Log> LOG_ORDER =
      Comparator.comparingLong(l -> SpanFacts.micros(l.getTimestamp()));

  private static final Comparator<KeyValue> LOG_FIELD_ORDER =
      Comparator.comparing((KeyValue kv) -> !kv.getKey().equals("event")).thenComparing(BY_KEY);

  @Override
  public List<Span> adjust(List<Span> trace) {
    // Spans of one process carry equal Process messages: sort each distinct one once.
    Map<Process, Process> sortedProcesses = new HashMap<>();
    List<Span> out = new ArrayList<>(trace.size());
    for (Span s : trace) {
      out.add(sortInside(s, sortedProcesses));
    }
    out.sort(SPAN_ORDER);
    return out;
  }

  /** The span with its parts in order; the same instance when they already are. */
  private static Span sortInside(Span s, Map<Process, Process> sortedProcesses) {
    Process process =
        sortedProcesses.computeIfAbsent(
            s.getProcess(),
            p ->
                isSorted(p.getTagsList(), BY_KEY)
                    ? p
                    : p.toBuilder()
                        .clearTags()
                        .addAllTags(sorted(p.getTagsList(), BY_KEY))
                        .build());
    boolean logsInOrder = true;
    for (int i = 0; i < s.getLogsCount() && logsInOrder; i++) {
      logsInOrder =
          isSorted(s.getLogs(i).getFieldsList(), LOG_FIELD_ORDER)
              && (i == 0 || LOG_ORDER.compare(s.getLogs(i - 1), s.getLogs(i)) <= 0);
    }
    boolean tagsInOrder = isSorted(s.getTagsList(), BY_KEY);
    if (tagsInOrder && logsInOrder && process.equals(s.getProcess())) {
      return s;
    }
    Span.Builder b = s.toBuilder();
    if (!tagsInOrder) {
      b.clearTags().addAllTags(sorted(s.getTagsList(), BY_KEY));
    }
    b.setProcess(process);
    if (!logsInOrder) {
      List<Log> logs = new ArrayList<>(s.getLogsCount());
      for (Log log : s.getLogsList()) {
        logs.add(
            log.toBuilder()
                .clearFields()
                .addAllFields(sorted(log.getFieldsList(), LOG_FIELD_ORDER))
                .build());
      }
      logs.sort(LOG_ORDER);
      b.clearLogs().addAllLogs(logs);
    }
    return b.build();
  }

  private static <T> boolean isSorted(List<T> items, Comparator<? super T> order) {
    for (int i = 1; i < items.size(); i++) {
      if (order.compare(items.get(i - 1), items.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  private static List<KeyValue> sorted(List<KeyValue> kvs, Comparator<KeyValue> order) {
    List<KeyValue> copy = new ArrayList<>(kvs);
    copy.sort(order);
    return copy;
  }
}
