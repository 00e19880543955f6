package io.spanflow.query.storage.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.spanflow.query.metrics.MetricFamily;
import io.spanflow.query.metrics.MetricsQuery;
import io.spanflow.query.metrics.MetricsReader;
import io.spanflow.query.metrics.MinuteBucketMetrics;
import io.spanflow.schemas.es.IndexFamily;
import io.spanflow.schemas.es.IndexNames;
import io.spanflow.schemas.es.SpanMetricsDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the per-minute {@code spanflow-span-metrics-*} documents of the queried services and span
 * kinds and computes Jaeger's series from them ({@link MinuteBucketMetrics}).
 */
public final class EsMetricsReader implements MetricsReader {

  private final EsReaderOptions options;
  private final EsPager pager;

  public EsMetricsReader(
      ElasticsearchClient client, EsReaderOptions options, MeterRegistry registry) {
    this.options = options;
    this.pager = new EsPager(client, new EsCalls(registry), options.pageSize());
  }

  @Override
  public MetricFamily callRates(MetricsQuery query) {
    return MinuteBucketMetrics.callRates(query, read(query));
  }

  @Override
  public MetricFamily errorRates(MetricsQuery query) {
    return MinuteBucketMetrics.errorRates(query, read(query));
  }

  @Override
  public MetricFamily latencies(MetricsQuery query, double quantile) {
    return MinuteBucketMetrics.latencies(query, quantile, read(query));
  }

  @Override
  public Duration minStep() {
    return MinuteBucketMetrics.BUCKET;
  }

  private List<SpanMetricsDocument> read(MetricsQuery q) {
    Instant from = q.endTs().minus(q.lookback()).minus(q.ratePer());
    Instant to = q.endTs();
    List<String> indices =
        IndexNames.indicesBetween(
            IndexFamily.SPAN_METRICS, options.indexPrefix(), from, to, options.spanDateLayout());
    List<FieldValue> services = q.services().stream().map(FieldValue::of).toList();
    List<FieldValue> kinds =
        q.spanKinds().stream()
            .map(k -> FieldValue.of(MinuteBucketMetrics.documentSpanKind(k)))
            .toList();
    Query query =
        BoolQuery.of(
                b ->
                    b.filter(
                            f ->
                                f.terms(
                                    t ->
                                        t.field(SpanMetricsDocument.SERVICE_NAME)
                                            .terms(v -> v.value(services))))
                        .filter(
                            f ->
                                f.terms(
                                    t ->
                                        t.field(SpanMetricsDocument.SPAN_KIND)
                                            .terms(v -> v.value(kinds))))
                        .filter(
                            f ->
                                f.range(
                                    r ->
                                        r.date(
                                            d ->
                                                d.field(SpanMetricsDocument.TIMESTAMP)
                                                    .gte(Long.toString(from.toEpochMilli()))
                                                    .lte(Long.toString(to.toEpochMilli()))
                                                    .format("epoch_millis")))))
            ._toQuery();
    List<SpanMetricsDocument> docs = new ArrayList<>();
    for (ObjectNode doc :
        pager.all("get_metrics", indices, query, SpanMetricsDocument.TIMESTAMP, ObjectNode.class)) {
      docs.add(SpanMetricsDocument.fromJson(doc));
    }
    return docs;
  }
}
