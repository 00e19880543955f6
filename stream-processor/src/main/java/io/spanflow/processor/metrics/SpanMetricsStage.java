package io.spanflow.processor.metrics;

import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.enrich.EnrichedSpan;
import io.spanflow.processor.enrich.SpanFacts;
import io.spanflow.processor.index.IndexHeader;
import io.spanflow.processor.index.ToIndexedRecord;
import io.spanflow.processor.json.JsonSerde;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Stage 7: RED metrics per (service, operation, span kind) and bucket of span start time. Each span
 * is re-timestamped with its start so that it counts in the minute it started.
 */
public final class SpanMetricsStage {

  public static final String STORE = "span-metrics";

  private SpanMetricsStage() {}

  public static void addTo(KStream<String, EnrichedSpan> spans, ProcessorConfig config) {
    IndexHeader index = new IndexHeader(config.indexDateLayout());
    spans
        .process(BySeries::new, Named.as("span-metrics-series"))
        .groupByKey(Grouped.with("span-metrics-by-series", Serdes.String(), MetricsSerdes.sample()))
        .windowedBy(TimeWindows.ofSizeAndGrace(config.metricsBucket(), config.metricsGrace()))
        .aggregate(
            LatencyHistogram::new,
            (key, sample, h) -> h.add(sample.durationMicros(), sample.error()),
            Named.as("span-metrics-aggregate"),
            Materialized.<String, LatencyHistogram, WindowStore<Bytes, byte[]>>as(STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(MetricsSerdes.histogram()))
        .toStream(Named.as("span-metrics-updates"))
        .process(
            ToIndexedRecord.<Windowed<String>, LatencyHistogram, String, SpanMetricsRecord>supplier(
                (key, h, ts) -> toRecord(key, h, index)),
            Named.as("span-metrics-out"))
        .to(
            config.spanMetricsTopic(),
            Produced.with(Serdes.String(), JsonSerde.of(SpanMetricsRecord.class)));
  }

  private static ToIndexedRecord.Out<String, SpanMetricsRecord> toRecord(
      Windowed<String> key, LatencyHistogram h, IndexHeader index) {
    if (h == null) {
      return null;
    }
    SpanMetricsRecord.Series series;
    try {
      series = JsonSerde.MAPPER.readValue(key.key(), SpanMetricsRecord.Series.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("bad series key " + key.key(), e);
    }
    Instant start = key.window().startTime();
    String bucketStart = start.toString();
    SpanMetricsRecord value =
        new SpanMetricsRecord(
            series.serviceName(),
            series.operationName(),
            series.spanKind(),
            start.toEpochMilli(),
            bucketStart,
            key.window().endTime().toString(),
            h.count(),
            h.errors(),
            h.sumMicros(),
            h.minMicros(),
            h.maxMicros(),
            h.percentile(0.50),
            h.percentile(0.95),
            h.percentile(0.99),
            h.bounds(),
            h.counts());
    String outKey =
        JsonSerde.text(
            new SpanMetricsRecord.Key(
                series.serviceName(), series.operationName(), series.spanKind(), bucketStart));
    return new ToIndexedRecord.Out<>(outKey, value, index.spanMetricsIndex(start));
  }

  /** Re-keys by series and re-timestamps with the span's start. */
  private static final class BySeries
      implements Processor<String, EnrichedSpan, String, SpanSample> {
    private static final int REMEMBERED_KEYS = 10_000;

    /** Series keys are JSON text; a task sees few distinct series, so write each once. */
    private final Map<SpanMetricsRecord.Series, String> keys =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<SpanMetricsRecord.Series, String> e) {
            return size() > REMEMBERED_KEYS;
          }
        };

    private ProcessorContext<String, SpanSample> context;

    @Override
    public void init(ProcessorContext<String, SpanSample> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, EnrichedSpan> record) {
      SpanFacts f = record.value().facts();
      String key =
          keys.computeIfAbsent(
              new SpanMetricsRecord.Series(f.serviceName(), f.operationName(), f.spanKind()),
              JsonSerde::text);
      context.forward(
          new Record<>(
              key,
              new SpanSample(f.durationMicros(), f.error()),
              f.startMillis(),
              new org.apache.kafka.common.header.internals.RecordHeaders()));
    }
  }
}
