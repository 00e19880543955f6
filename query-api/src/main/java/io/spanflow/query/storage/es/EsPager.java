package io.spanflow.query.storage.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every document a query matches. One plain search answers the common case; when the first
 * page comes back full, the read starts over under a point in time, sorted by the field and then
 * {@code _shard_doc} (a unique tiebreaker), paging with {@code search_after} until a short page.
 */
final class EsPager {

  private static final String KEEP_ALIVE = "1m";

  /**
   * Most traces are small: asking for 10,000 hits up front makes every shard allocate a sorted
   * queue that large, so the first look of a single trace is smaller and only a full one pages in
   * earnest.
   */
  static final int FIRST_PAGE_LIMIT = 1_000;

  private final ElasticsearchClient client;
  private final EsCalls calls;
  private final int pageSize;
  private final int firstPageSize;

  EsPager(ElasticsearchClient client, EsCalls calls, int pageSize) {
    this.client = client;
    this.calls = calls;
    this.pageSize = pageSize;
    this.firstPageSize = Math.min(pageSize, FIRST_PAGE_LIMIT);
  }

  /** Hits a first look asks for; a trace this size or larger is read again under a PIT. */
  int firstPageSize() {
    return firstPageSize;
  }

  /** Documents per page under a point in time (at most ES's result window). */
  int pageSize() {
    return pageSize;
  }

  <T> List<T> all(
      String operation, List<String> indices, Query query, String sortField, Class<T> type) {
    return all(operation, indices, query, sortField, firstPageSize, type);
  }

  /** As {@link #all(String, List, Query, String, Class)} with a first look of {@code firstSize}. */
  <T> List<T> all(
      String operation,
      List<String> indices,
      Query query,
      String sortField,
      int firstSize,
      Class<T> type) {
    SearchResponse<T> first =
        calls.run(
            operation,
            () ->
                client.search(
                    s ->
                        s.index(indices)
                            .ignoreUnavailable(true)
                            .allowNoIndices(true)
                            .size(firstSize)
                            .trackTotalHits(t -> t.enabled(false))
                            .query(query)
                            .sort(so -> so.field(f -> f.field(sortField).order(SortOrder.Asc))),
                    type));
    List<T> docs = sources(first.hits().hits());
    if (first.hits().hits().size() < firstSize) {
      return docs;
    }
    return allWithPointInTime(operation, indices, query, sortField, type);
  }

  private <T> List<T> allWithPointInTime(
      String operation, List<String> indices, Query query, String sortField, Class<T> type) {
    String pitId =
        calls.run(
            operation + "_open_pit",
            () ->
                client
                    .openPointInTime(
                        o ->
                            o.index(indices)
                                .ignoreUnavailable(true)
                                .keepAlive(k -> k.time(KEEP_ALIVE)))
                    .id());
    try {
      List<T> docs = new ArrayList<>();
      List<FieldValue> after = null;
      while (true) {
        List<FieldValue> searchAfter = after;
        SearchResponse<T> page =
            calls.run(
                operation + "_page",
                () ->
                    client.search(
                        s -> {
                          s.pit(p -> p.id(pitId).keepAlive(k -> k.time(KEEP_ALIVE)))
                              .size(pageSize)
                              .trackTotalHits(t -> t.enabled(false))
                              .query(query)
                              .sort(so -> so.field(f -> f.field(sortField).order(SortOrder.Asc)))
                              .sort(
                                  so -> so.field(f -> f.field("_shard_doc").order(SortOrder.Asc)));
                          if (searchAfter != null) {
                            s.searchAfter(searchAfter);
                          }
                          return s;
                        },
                        type));
        List<Hit<T>> hits = page.hits().hits();
        docs.addAll(sources(hits));
        if (hits.size() < pageSize) {
          return docs;
        }
        after = hits.get(hits.size() - 1).sort();
      }
    } finally {
      try {
        client.closePointInTime(c -> c.id(pitId));
      } catch (java.io.IOException | RuntimeException e) {
        // It expires on its own after the keep-alive.
      }
    }
  }

  private static <T> List<T> sources(List<Hit<T>> hits) {
    List<T> out = new ArrayList<>(hits.size());
    for (Hit<T> h : hits) {
      if (h.source() != null) {
        out.add(h.source());
      }
    }
    return out;
  }
}
