package io.spanflow.query.adjust;

import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.schemas.ids.TraceIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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

  private static final Comparator<KeyValue> LOG_FIELD_ORDER =
      Comparator.comparing((KeyValue kv) -> !kv.getKey().equals("event")).thenComparing(BY_KEY);

  @Override
  public List<Span> adjust(List<Span> trace) {
    List<Span> out = new ArrayList<>(trace.size());
    for (Span s : trace) {
      out.add(sortInside(s));
    }
    out.sort(SPAN_ORDER);
    return out;
  }

  private static Span sortInside(Span s) {
    Span.Builder b = s.toBuilder();
    b.clearTags().addAllTags(sorted(s.getTagsList(), BY_KEY));
    Process.Builder p = s.getProcess().toBuilder();
    p.clearTags().addAllTags(sorted(s.getProcess().getTagsList(), BY_KEY));
    b.setProcess(p);
    List<Log> logs = new ArrayList<>(s.getLogsCount());
    for (Log log : s.getLogsList()) {
      logs.add(
          log.toBuilder()
              .clearFields()
              .addAllFields(sorted(log.getFieldsList(), LOG_FIELD_ORDER))
              .build());
    }
    logs.sort(Comparator.comparingLong(l -> SpanFacts.micros(l.getTimestamp())));
    b.clearLogs().addAllLogs(logs);
    return b.build();
  }

  private static List<KeyValue> sorted(List<KeyValue> kvs, Comparator<KeyValue> order) {
    List<KeyValue> copy = new ArrayList<>(kvs);
    copy.sort(order);
    return copy;
  }
}
