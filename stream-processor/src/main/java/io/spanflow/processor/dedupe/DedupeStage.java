package io.spanflow.processor.dedupe;

import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.index.SpanDocuments;
import io.spanflow.proto.jaeger.Span;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/** Stage 2 wiring: a window store whose retention is the dedupe retention. */
public final class DedupeStage {

  public static final String STORE = "dedupe-seen";

  private DedupeStage() {}

  public static KStream<String, Span> addTo(
      StreamsBuilder builder, KStream<String, Span> spans, ProcessorConfig config) {
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                STORE, config.dedupeRetention(), config.dedupeRetention(), false),
            Serdes.String(),
            Serdes.Long()));
    return spans.processValues(
        () ->
            new DedupeProcessor(
                STORE, config.dedupeRetention(), SpanDocuments::documentId, config.metrics()),
        Named.as("dedupe"),
        STORE);
  }
}
