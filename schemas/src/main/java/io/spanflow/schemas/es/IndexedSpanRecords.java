package io.spanflow.schemas.es;

/**
 * The record format of topic {@code spanflow.spans.indexed}, produced by the stream-processor and
 * consumed by the es-sink.
 *
 * <ul>
 *   <li>key: {@link DocumentIds#spanDocumentId} as UTF-8, the document's {@code _id};
 *   <li>value: {@link SpanDocumentMapper#toDocumentBytes}, UTF-8 JSON written to ES untouched;
 *   <li>header {@value #INDEX_HEADER}: the target index <b>without</b> the {@code
 *       --es.index-prefix}, e.g. {@code jaeger-span-2026-11-21}, from {@code
 *       IndexNames.spanIndex(null, spanStartTime)}. The sink prepends its prefix, so the prefix is
 *       configured in one place. Without the header the sink uses the record timestamp's day.
 * </ul>
 */
public final class IndexedSpanRecords {

  /** Header naming the target index, without prefix. */
  public static final String INDEX_HEADER = "spanflow.index";

  private IndexedSpanRecords() {}
}
