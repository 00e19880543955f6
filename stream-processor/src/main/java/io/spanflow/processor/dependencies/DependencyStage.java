package io.spanflow.processor.dependencies;

import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.enrich.EnrichedSpan;
import io.spanflow.processor.index.IndexHeader;
import io.spanflow.processor.index.ToIndexedRecord;
import io.spanflow.processor.json.JsonSerde;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/** Stage 6: per-trace sessions → edges → counts per (parent, child, bucket). */
public final class DependencyStage {

  public static final String SESSION_STORE = "trace-sessions";
  public static final String SPAN_STORE = "trace-spans";
  public static final String COUNTS_STORE = "dependency-counts";

  private DependencyStage() {}

  public static void addTo(
      StreamsBuilder builder, KStream<String, EnrichedSpan> spans, ProcessorConfig config) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SESSION_STORE),
            Serdes.String(),
            SessionSerdes.session()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SPAN_STORE), Serdes.String(), SessionSerdes.node()));
    IndexHeader index = new IndexHeader(config.indexDateLayout());
    spans
        .process(
            () ->
                new TraceSessionProcessor(
                    SESSION_STORE,
                    SPAN_STORE,
                    config.traceInactivityGap(),
                    config.traceRetention(),
                    config.sessionScanInterval(),
                    config.metrics()),
            Named.as("dependency-sessions"),
            SESSION_STORE,
            SPAN_STORE)
        .groupByKey(
            Grouped.with("dependency-edges", Serdes.String(), JsonSerde.of(DependencyEdge.class)))
        .windowedBy(TimeWindows.ofSizeAndGrace(config.dependencyBucket(), config.dependencyGrace()))
        .aggregate(
            () -> DependencyCounts.ZERO,
            (key, edge, counts) -> counts.add(edge),
            Named.as("dependency-aggregate"),
            Materialized.<String, DependencyCounts, WindowStore<Bytes, byte[]>>as(COUNTS_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(JsonSerde.of(DependencyCounts.class)))
        .toStream(Named.as("dependency-updates"))
        .process(
            ToIndexedRecord
                .<Windowed<String>, DependencyCounts, String, DependencyLinkRecord>supplier(
                    (key, counts, ts) -> toRecord(key, counts, index)),
            Named.as("dependency-links-out"))
        .to(
            config.dependencyLinksTopic(),
            Produced.with(Serdes.String(), JsonSerde.of(DependencyLinkRecord.class)));
  }

  private static ToIndexedRecord.Out<String, DependencyLinkRecord> toRecord(
      Windowed<String> key, DependencyCounts counts, IndexHeader index) {
    if (counts == null) {
      return null;
    }
    String parent = EdgeKey.parent(key.key());
    String child = EdgeKey.child(key.key());
    Instant start = key.window().startTime();
    String bucketStart = start.toString();
    DependencyLinkRecord value =
        new DependencyLinkRecord(
            parent,
            child,
            counts.callCount(),
            counts.errorCount(),
            bucketStart,
            key.window().endTime().toString(),
            start.toEpochMilli(),
            "spanflow");
    return new ToIndexedRecord.Out<>(
        JsonSerde.text(new DependencyLinkRecord.Key(parent, child, bucketStart)),
        value,
        index.dependenciesIndex(start));
  }
}
