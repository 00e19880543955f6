package io.spanflow.processor.catalog;

import io.spanflow.processor.index.IndexHeader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Lets the first entry per key and day through and drops the rest. The store is a window store
 * keyed by the entry key, windowed by day, so old days expire on their own.
 */
final class FirstPerDay implements Processor<String, CatalogEntry, String, CatalogEntry> {

  private final String storeName;
  private final IndexHeader index;
  private ProcessorContext<String, CatalogEntry> context;
  private WindowStore<String, Long> seen;

  /**
   * @param index when non-null, the forwarded record gets the index header (the final stage)
   */
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
        LocalDate.parse(record.value().day())
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant()
            .toEpochMilli();
    try (WindowStoreIterator<Long> it = seen.fetch(record.key(), day, day)) {
      if (it.hasNext()) {
        return;
      }
    }
    seen.put(record.key(), record.value().timestamp(), day);
    context.forward(
        index == null
            ? record.withHeaders(new RecordHeaders())
            : record.withHeaders(IndexHeader.of(index.serviceIndex(Instant.ofEpochMilli(day)))));
  }
}
