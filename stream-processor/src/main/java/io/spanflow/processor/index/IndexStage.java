package io.spanflow.processor.index;

import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.enrich.EnrichedSpan;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/** Stage 4 wiring: key = document id, value = document bytes, header = target index. */
public final class IndexStage {

  private IndexStage() {}

  public static void addTo(KStream<String, EnrichedSpan> spans, ProcessorConfig config) {
    IndexHeader index = new IndexHeader(config.indexDateLayout());
    spans
        .process(
            ToIndexedRecord.<String, EnrichedSpan, String, byte[]>supplier(
                (traceId, span, ts) ->
                    new ToIndexedRecord.Out<>(
                        SpanDocuments.documentId(span.span()),
                        SpanDocuments.documentBytes(span),
                        index.spanIndex(Instant.ofEpochMilli(span.facts().startMillis())))),
            Named.as("index-documents"))
        .to(config.indexedTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
  }
}
