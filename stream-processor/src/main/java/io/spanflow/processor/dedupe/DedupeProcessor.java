package io.spanflow.processor.dedupe;

import io.spanflow.processor.observe.ProcessorMetrics;
import io.spanflow.proto.jaeger.Span;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Stage 2: passes a span the first time its identity is seen within the retention (record time) and
 * drops later copies. The identity is the span's ES document id, so what dedupe treats as one span
 * is exactly what the index treats as one document: a retry is a copy, while Zipkin's client and
 * server halves (same span id, different kind and service) are two spans.
 */
final class DedupeProcessor implements FixedKeyProcessor<String, Span, Span> {

  private final String storeName;
  private final long retentionMillis;
  private final Function<Span, String> identity;
  private final ProcessorMetrics metrics;
  private FixedKeyProcessorContext<String, Span> context;
  private WindowStore<String, Long> seen;

  DedupeProcessor(
      String storeName,
      Duration retention,
      Function<Span, String> identity,
      ProcessorMetrics metrics) {
    this.storeName = storeName;
    this.retentionMillis = retention.toMillis();
    this.identity = identity;
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Span> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, Span> record) {
    String id = identity.apply(record.value());
    long t = record.timestamp();
    try (WindowStoreIterator<Long> it = seen.fetch(id, t - retentionMillis, t + retentionMillis)) {
      if (it.hasNext()) {
        metrics.duplicateDropped();
        return;
      }
    }
    seen.put(id, t, t);
    context.forward(record);
  }
}
