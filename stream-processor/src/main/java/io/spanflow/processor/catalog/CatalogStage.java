package io.spanflow.processor.catalog;

import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.enrich.EnrichedSpan;
import io.spanflow.processor.enrich.SpanFacts;
import io.spanflow.processor.index.IndexHeader;
import io.spanflow.processor.json.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Stage 5: the service/operation catalog. A first filter per task cuts the traffic to at most one
 * entry per key, task and day; then entries are repartitioned by key and a second filter makes the
 * topic see each (service, operation, kind, day) once.
 */
public final class CatalogStage {

  public static final String LOCAL_STORE = "catalog-seen-local";
  public static final String STORE = "catalog-seen";

  /** Two days: today and yesterday's late spans. */
  private static final Duration RETENTION = Duration.ofDays(2);

  private static final Duration DAY = Duration.ofDays(1);

  private CatalogStage() {}

  public static void addTo(
      StreamsBuilder builder, KStream<String, EnrichedSpan> spans, ProcessorConfig config) {
    for (String store : new String[] {LOCAL_STORE, STORE}) {
      builder.addStateStore(
          Stores.windowStoreBuilder(
              Stores.persistentWindowStore(store, RETENTION, DAY, false),
              Serdes.String(),
              Serdes.Long()));
    }
    IndexHeader index = new IndexHeader(config.indexDateLayout());
    spans
        .process(
            () -> new FirstPerDayInTask(LOCAL_STORE), Named.as("catalog-first-local"), LOCAL_STORE)
        .repartition(
            Repartitioned.with(Serdes.String(), JsonSerde.of(CatalogEntry.class))
                .withName("catalog-by-key"))
        .process(() -> new FirstPerDay(STORE, index), Named.as("catalog-first"), STORE)
        .to(
            config.serviceOperationsTopic(),
            Produced.with(Serdes.String(), JsonSerde.of(CatalogEntry.class)));
  }

  static KeyValue<String, CatalogEntry> entry(SpanFacts f) {
    Instant start = Instant.ofEpochMilli(f.startMillis());
    CatalogEntry e =
        new CatalogEntry(
            f.serviceName(),
            f.operationName(),
            f.spanKind(),
            start.atZone(ZoneOffset.UTC).toLocalDate().toString(),
            start.toString(),
            f.startMillis());
    return KeyValue.pair(JsonSerde.text(e.key()), e);
  }
}
