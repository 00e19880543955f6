package io.spanflow.processor.topology;

import io.spanflow.processor.catalog.CatalogStage;
import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.dedupe.DedupeStage;
import io.spanflow.processor.dependencies.DependencyStage;
import io.spanflow.processor.enrich.EnrichedSpan;
import io.spanflow.processor.enrich.SpanEnricher;
import io.spanflow.processor.index.IndexStage;
import io.spanflow.processor.metrics.SpanMetricsStage;
import io.spanflow.processor.validate.JaegerSpanIntake;
import io.spanflow.processor.validate.OtlpSpanIntake;
import io.spanflow.processor.validate.SpanIntake;
import io.spanflow.processor.validate.SpanValidator;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.kafka.SpanSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The whole stream processor as a pure function of its config:
 *
 * <pre>
 * jaeger-spans (bytes) ─ intake (decode, validate, repair) ─┬─ dead letters → spanflow.spans.dlq
 * [otlp_proto topic] ─── OTLP intake (convert, validate) ───┤
 *                                                           └─ spans keyed by trace id
 *   not keyed by trace id → repartition ─┐
 *   keyed by trace id ───────────────────┴─ dedupe ─ enrich ─┬─ index        → spanflow.spans.indexed
 *                                                            ├─ catalog      → spanflow.service-operations
 *                                                            ├─ dependencies → spanflow.dependency-links
 *                                                            └─ RED metrics  → spanflow.span-metrics
 * </pre>
 */
public final class SpanflowTopology {

  private SpanflowTopology() {}

  public static Topology build(ProcessorConfig config) {
    StreamsBuilder builder = new StreamsBuilder();
    SpanValidator validator = new SpanValidator(config.maxTagValueLength(), config.maxStartSkew());

    KStream<String, SpanIntake> intake =
        builder.stream(
                config.inputTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("jaeger-spans-in"))
            .process(
                () -> new JaegerSpanIntake(validator, config.metrics()), Named.as("span-intake"));
    if (config.otlpTopic().isPresent()) {
      intake =
          intake.merge(
              builder.stream(
                      config.otlpTopic().get(),
                      Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("otlp-in"))
                  .process(
                      () -> new OtlpSpanIntake(validator, config.metrics()),
                      Named.as("otlp-intake")),
              Named.as("intakes"));
    }
    KStream<String, Span> spans = routeDeadLetters(intake, config, "span");

    KStream<String, Span> deduped = DedupeStage.addTo(builder, spans, config);
    KStream<String, EnrichedSpan> enriched =
        deduped.mapValues(SpanEnricher::enrich, Named.as("enrich"));

    IndexStage.addTo(enriched, config);
    CatalogStage.addTo(builder, enriched, config);
    DependencyStage.addTo(builder, enriched, config);
    SpanMetricsStage.addTo(enriched, config);
    return builder.build(config.streamsProperties());
  }

  /**
   * Sends dead letters to the DLQ and returns the valid spans, all partitioned by trace id: spans
   * whose record was not keyed by trace id (Jaeger v2, OTel collectors) go through a repartition
   * topic first; the rest stay where they are.
   */
  static KStream<String, Span> routeDeadLetters(
      KStream<String, SpanIntake> intake, ProcessorConfig config, String name) {
    Map<String, KStream<String, SpanIntake>> branches =
        intake
            .split(Named.as(name + "-"))
            .branch(
                (k, v) -> v.isRejected(),
                Branched.withConsumer(
                    dlq ->
                        dlq.map(
                                (k, v) -> KeyValue.pair(v.originalKey(), v.originalValue()),
                                Named.as(name + "-dead-letters"))
                            .to(
                                config.dlqTopic(),
                                Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                    .withName(name + "-dlq-out")),
                    "dlq"))
            .branch((k, v) -> v.keyedByTraceId(), Branched.as("keyed"))
            .defaultBranch(Branched.as("unkeyed"));
    KStream<String, Span> keyed =
        branches.get(name + "-keyed").mapValues(SpanIntake::span, Named.as(name + "-keyed-spans"));
    KStream<String, Span> rekeyed =
        branches
            .get(name + "-unkeyed")
            .mapValues(SpanIntake::span, Named.as(name + "-unkeyed-spans"))
            .repartition(
                Repartitioned.with(Serdes.String(), new SpanSerde())
                    .withName(name + "-by-trace-id"));
    return keyed.merge(rekeyed, Named.as(name + "-by-trace"));
  }
}
