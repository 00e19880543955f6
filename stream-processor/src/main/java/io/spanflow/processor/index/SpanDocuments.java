package io.spanflow.processor.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spanflow.processor.enrich.EnrichedSpan;
import io.spanflow.processor.enrich.SpanFacts;
import io.spanflow.processor.json.JsonSerde;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.es.DocumentIds;
import io.spanflow.schemas.es.SpanDocumentMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Stage 4: the indexed span record. The document is Jaeger's ES span document (from the shared
 * {@link SpanDocumentMapper}) plus a {@code spanflow} object holding the derived {@link SpanFacts};
 * Jaeger's reader ignores fields it does not know.
 */
public final class SpanDocuments {

  /** The field of the span document that holds the derived facts. */
  public static final String FACTS_FIELD = "spanflow";

  private SpanDocuments() {}

  /** The deterministic document id: the record key, and the dedupe identity. */
  public static String documentId(Span span) {
    return DocumentIds.spanDocumentId(span);
  }

  public static byte[] documentBytes(EnrichedSpan span) {
    ObjectNode doc = SpanDocumentMapper.toDocument(span.span());
    SpanFacts f = span.facts();
    doc.putObject(FACTS_FIELD)
        .put("error", f.error())
        .put("spanKind", f.spanKind())
        .put("role", f.role())
        .put("normalizedService", f.normalizedService())
        .put("normalizedOperation", f.normalizedOperation());
    try {
      return JsonSerde.MAPPER.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
