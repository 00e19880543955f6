package io.spanflow.query.storage.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.schemas.es.DependenciesDocument;
import io.spanflow.schemas.es.DocumentIds;
import io.spanflow.schemas.es.IndexFamily;
import io.spanflow.schemas.es.IndexNames;
import io.spanflow.schemas.es.IndexTemplates;
import io.spanflow.schemas.es.ServiceOperationDocument;
import io.spanflow.schemas.es.SpanDocumentMapper;
import io.spanflow.schemas.es.SpanMetricsDocument;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

/**
 * Writes fixtures the way the es-sink does: the shipped index templates, then documents from the ES
 * layout's mappers under their deterministic ids and dated index names. Shared by the ES reader ITs
 * and the web UI browser IT.
 */
public final class EsFixtureLoader {

  private final ElasticsearchClient client;
  private final String prefix;

  public EsFixtureLoader(ElasticsearchClient client, String prefix) throws IOException {
    this.client = client;
    this.prefix = prefix;
    for (IndexFamily family : IndexFamily.values()) {
      ObjectNode body =
          IndexTemplates.render(family, new IndexTemplates.Options(prefix, 1, 0, 10, false));
      client
          .indices()
          .putIndexTemplate(
              r ->
                  r.name(IndexTemplates.templateName(family, prefix))
                      .withJson(new StringReader(body.toString())));
    }
  }

  /** Spans plus their service/operation documents, as the sink writes both. */
  public void spans(List<Span> spans) throws IOException {
    int batch = 2_000;
    for (int from = 0; from < spans.size(); from += batch) {
      List<Span> chunk = spans.subList(from, Math.min(spans.size(), from + batch));
      BulkRequest.Builder bulk = new BulkRequest.Builder();
      for (Span s : chunk) {
        java.time.Instant start = SpanFacts.instantOfMicros(SpanFacts.startMicros(s));
        ObjectNode doc = SpanDocumentMapper.toDocument(s);
        bulk.operations(
            op ->
                op.index(
                    i ->
                        i.index(IndexNames.spanIndex(prefix, start))
                            .id(DocumentIds.spanDocumentId(s))
                            .document(doc)));
        ServiceOperationDocument so =
            new ServiceOperationDocument(
                s.getProcess().getServiceName(), s.getOperationName(), DocumentIds.spanKind(s));
        bulk.operations(
            op ->
                op.index(
                    i ->
                        i.index(IndexNames.serviceIndex(prefix, start))
                            .id(so.documentId())
                            .document(so.toJson())));
      }
      check(client.bulk(bulk.build()));
    }
  }

  public void dependencies(List<DependenciesDocument> docs) throws IOException {
    BulkRequest.Builder bulk = new BulkRequest.Builder();
    for (DependenciesDocument d : docs) {
      bulk.operations(
          op ->
              op.index(
                  i ->
                      i.index(IndexNames.dependenciesIndex(prefix, d.timestamp()))
                          .id(d.documentId())
                          .document(d.toJson())));
    }
    check(client.bulk(bulk.build()));
  }

  /**
   * A dependencies document as Jaeger's Spark job writes it (many links, no {@code errorCount}), to
   * prove older documents still read.
   */
  public void jaegerDependencies(java.time.Instant timestamp, String linksJson) throws IOException {
    String json = "{\"timestamp\":\"" + timestamp + "\",\"dependencies\":" + linksJson + "}";
    client.index(
        i ->
            i.index(IndexNames.dependenciesIndex(prefix, timestamp))
                .id("jaeger-" + timestamp.toEpochMilli())
                .withJson(new StringReader(json)));
  }

  public void metrics(List<SpanMetricsDocument> docs) throws IOException {
    BulkRequest.Builder bulk = new BulkRequest.Builder();
    for (SpanMetricsDocument d : docs) {
      bulk.operations(
          op ->
              op.index(
                  i ->
                      i.index(IndexNames.spanMetricsIndex(prefix, d.timestamp()))
                          .id(d.documentId())
                          .document(d.toJson())));
    }
    check(client.bulk(bulk.build()));
  }

  /** Makes everything written so far searchable. */
  public void refresh() throws IOException {
    client.indices().refresh(r -> r.index(prefix + "*"));
  }

  private static void check(BulkResponse r) {
    if (r.errors()) {
      throw new IllegalStateException(
          "bulk failed: "
              + r.items().stream()
                  .filter(i -> i.error() != null)
                  .findFirst()
                  .map(i -> i.error().reason())
                  .orElse("?"));
    }
  }
}
