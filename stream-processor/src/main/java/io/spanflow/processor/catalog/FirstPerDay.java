package io.spanflow.processor.catalog;

import io.spanflow.processor.index.IndexHeader;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The catalog's second filter, after the entries are partitioned by key: lets the first entry per
 * key and day through and drops the rest. The store is a window store keyed by the entry key,
 * windowed by day, so old days expire on their own.
 */
final class FirstPerDay implements Processor<String, CatalogEntry, String, CatalogEntry> {

  private final String storeName;
  private final IndexHeader index;
  private ProcessorContext<String, CatalogEntry> context;
  private WindowStore<String, Long> seen;

  /** The forwarded record gets the header naming its {@code jaeger-service} index. */
  FirstPerDay(String storeName, IndexHeader index) {
    this.storeName = storeName;
    this.index = index;
  }

  @Override
  public void init(ProcessorContext<String, CatalogEntry> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, CatalogEntry> record) {
    long day =
        Math.floorDiv(record.value().timestamp(), FirstPerDayInTask.DAY_MILLIS)
            * FirstPerDayInTask.DAY_MILLIS;
    try (WindowStoreIterator<Long> it = seen.fetch(record.key(), day, day)) {
      if (it.hasNext()) {
        return;
      }
    }
    seen.put(record.key(), record.value().timestamp(), day);
    context.forward(
        record.withHeaders(IndexHeader.of(index.serviceIndex(Instant.ofEpochMilli(day)))));
  }
}
