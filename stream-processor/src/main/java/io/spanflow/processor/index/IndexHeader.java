package io.spanflow.processor.index;

import io.spanflow.schemas.es.IndexDateLayout;
import io.spanflow.schemas.es.IndexNames;
import io.spanflow.schemas.es.IndexedSpanRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The header that names a derived record's target Elasticsearch index, so the sink loads bytes and
 * decides nothing. As agreed with the es-sink ({@link IndexedSpanRecords#INDEX_HEADER}) the name
 * carries no {@code --es.index-prefix}: the sink prepends its own, so the prefix is set in one
 * place.
 */
public final class IndexHeader {

  /** Header name, shared with the es-sink. */
  public static final String NAME = IndexedSpanRecords.INDEX_HEADER;

  private final IndexDateLayout layout;

  public IndexHeader(IndexDateLayout layout) {
    this.layout = layout;
  }

  public String spanIndex(Instant t) {
    return IndexNames.spanIndex(null, t, layout);
  }

  public String serviceIndex(Instant t) {
    return IndexNames.serviceIndex(null, t, layout);
  }

  public String dependenciesIndex(Instant t) {
    return IndexNames.dependenciesIndex(null, t, layout);
  }

  public String spanMetricsIndex(Instant t) {
    return IndexNames.spanMetricsIndex(null, t, layout);
  }

  public static Headers of(String index) {
    RecordHeaders h = new RecordHeaders();
    h.add(NAME, index.getBytes(StandardCharsets.UTF_8));
    return h;
  }
}
