package io.spanflow.query.storage.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.spanflow.query.storage.DependencyReader;
import io.spanflow.query.storage.ServiceLink;
import io.spanflow.schemas.es.DependenciesDocument;
import io.spanflow.schemas.es.IndexFamily;
import io.spanflow.schemas.es.IndexNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code jaeger-dependencies-*}: every link of every document stamped inside the window,
 * whether Jaeger's daily documents or Spanflow's per-bucket single-link documents.
 */
public final class EsDependencyReader implements DependencyReader {

  private final EsReaderOptions options;
  private final EsPager pager;

  public EsDependencyReader(
      ElasticsearchClient client, EsReaderOptions options, MeterRegistry registry) {
    this.options = options;
    this.pager = new EsPager(client, new EsCalls(registry), options.pageSize());
  }

  @Override
  public List<ServiceLink> getDependencies(Instant endTs, Duration lookback) {
    Instant from = endTs.minus(lookback);
    List<String> indices =
        options.useReadAliases()
            ? List.of(IndexNames.readAlias(IndexFamily.DEPENDENCIES, options.indexPrefix()))
            : IndexNames.indicesBetween(
                IndexFamily.DEPENDENCIES,
                options.indexPrefix(),
                from,
                endTs,
                options.dependenciesDateLayout());
    Query window =
        Query.of(
            q ->
                q.range(
                    r ->
                        r.date(
                            d ->
                                d.field(DependenciesDocument.TIMESTAMP)
                                    .gt(Long.toString(from.toEpochMilli()))
                                    .lte(Long.toString(endTs.toEpochMilli()))
                                    .format("epoch_millis"))));
    List<ServiceLink> links = new ArrayList<>();
    for (ObjectNode doc :
        pager.all(
            "get_dependencies",
            indices,
            window,
            DependenciesDocument.TIMESTAMP,
            ObjectNode.class)) {
      for (DependenciesDocument.Link l : DependenciesDocument.fromJson(doc).dependencies()) {
        links.add(
            new ServiceLink(l.parent(), l.child(), l.callCount(), l.errorCount(), l.source()));
      }
    }
    return links;
  }
}
