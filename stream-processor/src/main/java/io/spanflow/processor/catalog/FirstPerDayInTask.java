package io.spanflow.processor.catalog;

import io.spanflow.processor.enrich.EnrichedSpan;
import io.spanflow.processor.enrich.SpanFacts;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The catalog's first filter, run on every span: lets through the first catalog entry per key and
 * day that this task sees, recorded in a task-local window store.
 *
 * <p>Almost every span repeats a key its task has already seen today, so an in-memory set of the
 * keys recently found or put in the store answers those without building the entry or touching the
 * store. The set only ever says "the store has it", which stays true until the day expires; it is
 * emptied whenever the task is (re)initialized or closed, so a store restored after a failure is
 * never contradicted.
 */
final class FirstPerDayInTask implements Processor<String, EnrichedSpan, String, CatalogEntry> {

  static final long DAY_MILLIS = 86_400_000L;
  private static final int REMEMBERED_KEYS = 10_000;

  private record SeenKey(String service, String operation, String kind, long day) {}

  private final String storeName;
  private final Map<SeenKey, Boolean> recentlySeen =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SeenKey, Boolean> eldest) {
          return size() > REMEMBERED_KEYS;
        }
      };
  private ProcessorContext<String, CatalogEntry> context;
  private WindowStore<String, Long> seen;

  FirstPerDayInTask(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, CatalogEntry> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
    recentlySeen.clear();
  }

  @Override
  public void process(Record<String, EnrichedSpan> record) {
    SpanFacts f = record.value().facts();
    long day = Math.floorDiv(f.startMillis(), DAY_MILLIS) * DAY_MILLIS;
    SeenKey remembered = new SeenKey(f.serviceName(), f.operationName(), f.spanKind(), day);
    if (recentlySeen.get(remembered) != null) {
      return;
    }
    var kv = CatalogStage.entry(f);
    recentlySeen.put(remembered, Boolean.TRUE);
    try (WindowStoreIterator<Long> it = seen.fetch(kv.key, day, day)) {
      if (it.hasNext()) {
        return;
      }
    }
    seen.put(kv.key, kv.value.timestamp(), day);
    context.forward(new Record<>(kv.key, kv.value, record.timestamp()));
  }

  @Override
  public void close() {
    recentlySeen.clear();
  }
}
