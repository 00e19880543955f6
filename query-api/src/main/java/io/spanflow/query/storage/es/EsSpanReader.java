package io.spanflow.query.storage.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.MeterRegistry;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.query.storage.Operation;
import io.spanflow.query.storage.OperationQuery;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.query.storage.SpanReader;
import io.spanflow.query.storage.StorageUnavailableException;
import io.spanflow.query.storage.TraceQuery;
import io.spanflow.schemas.es.IndexFamily;
import io.spanflow.schemas.es.IndexNames;
import io.spanflow.schemas.es.SpanFields;
import io.spanflow.schemas.ids.TraceIds;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Jaeger's Elasticsearch span reader semantics on Spanflow's layout.
 *
 * <ul>
 *   <li>Search: one bool query per span (service, operation, start time in µs, duration, and each
 *       tag as span tag OR process tag OR log field, tags ANDed), collapsed on {@code traceID} and
 *       sorted by the newest matching span, then every span of those traces in a few concurrent
 *       searches, decoded straight from the response bytes.
 *   <li>Trace by id: all spans, oldest first; when a trace fills a page, it is read again under a
 *       point in time with {@code search_after}, so 10,000 spans is not a cap.
 *   <li>Services and operations come from the {@code jaeger-service-*} indices.
 * </ul>
 */
public final class EsSpanReader implements SpanReader {

  static final int MAX_AGGREGATION_SIZE = 10_000;

  /** Concurrent searches that read the spans of a result page. */
  static final int FETCH_SEARCHES = 4;

  /**
   * Threads for the extra concurrent fetches, shared by all searches; idle ones end. When all are
   * busy the search thread runs the fetch itself.
   */
  private static final ExecutorService FETCH_POOL =
      new ThreadPoolExecutor(
          0,
          8,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "es-trace-fetch");
            t.setDaemon(true);
            return t;
          },
          new ThreadPoolExecutor.CallerRunsPolicy());

  private final ElasticsearchClient client;
  private final EsReaderOptions options;
  private final Clock clock;
  private final EsCalls calls;
  private final EsPager pager;
  private final int fetchSearches;

  public EsSpanReader(
      ElasticsearchClient client, EsReaderOptions options, Clock clock, MeterRegistry registry) {
    this(client, options, clock, registry, FETCH_SEARCHES);
  }

  EsSpanReader(
      ElasticsearchClient client,
      EsReaderOptions options,
      Clock clock,
      MeterRegistry registry,
      int fetchSearches) {
    this.fetchSearches = fetchSearches;
    this.client = client;
    this.options = options;
    this.clock = clock;
    this.calls = new EsCalls(registry);
    this.pager = new EsPager(client, calls, options.pageSize());
  }

  @Override
  public Optional<List<Span>> getTrace(ByteString traceId) {
    Instant now = clock.instant();
    List<String> indices = spanIndices(now.minus(options.maxSpanAge()), now);
    List<DecodedSpan> docs =
        pager.all(
            "get_trace", indices, traceQuery(traceId), SpanFields.START_TIME, DecodedSpan.class);
    return docs.isEmpty() ? Optional.empty() : Optional.of(toSpans(docs));
  }

  @Override
  public List<String> getServices() {
    Instant now = clock.instant();
    SearchResponse<Void> r =
        calls.run(
            "get_services",
            () ->
                client.search(
                    s ->
                        s.index(serviceIndices(now))
                            .ignoreUnavailable(true)
                            .allowNoIndices(true)
                            .size(0)
                            .aggregations(
                                "services",
                                a ->
                                    a.terms(
                                        t -> t.field("serviceName").size(MAX_AGGREGATION_SIZE))),
                    Void.class));
    TreeSet<String> names = new TreeSet<>();
    if (r.aggregations().containsKey("services")) {
      for (StringTermsBucket b : r.aggregations().get("services").sterms().buckets().array()) {
        names.add(b.key().stringValue());
      }
    }
    return List.copyOf(names);
  }

  @Override
  public List<Operation> getOperations(OperationQuery query) {
    Instant now = clock.instant();
    BoolQuery.Builder bool = new BoolQuery.Builder();
    bool.filter(term("serviceName", query.serviceName()));
    if (!query.spanKind().isEmpty()) {
      bool.filter(term("spanKind", query.spanKind()));
    }
    Query q = bool.build()._toQuery();
    SearchResponse<Void> r =
        calls.run(
            "get_operations",
            () ->
                client.search(
                    s ->
                        s.index(serviceIndices(now))
                            .ignoreUnavailable(true)
                            .allowNoIndices(true)
                            .size(0)
                            .query(q)
                            .aggregations(
                                "operations",
                                a ->
                                    a.terms(
                                            t ->
                                                t.field("operationName").size(MAX_AGGREGATION_SIZE))
                                        .aggregations(
                                            "kinds",
                                            k ->
                                                k.terms(
                                                    t ->
                                                        t.field("spanKind").missing("").size(16)))),
                    Void.class));
    TreeSet<Operation> ops = new TreeSet<>();
    if (r.aggregations().containsKey("operations")) {
      for (StringTermsBucket op : r.aggregations().get("operations").sterms().buckets().array()) {
        for (StringTermsBucket kind : op.aggregations().get("kinds").sterms().buckets().array()) {
          ops.add(new Operation(op.key().stringValue(), kind.key().stringValue()));
        }
      }
    }
    return List.copyOf(ops);
  }

  /**
   * The newest {@code limit} traces with a matching span: the matching spans sorted newest first
   * and collapsed on {@code traceID}, so each trace counts once at its newest matching span (ties
   * by trace id). This is the order of Jaeger's {@code terms} aggregation on {@code traceID}
   * ordered by {@code max(startTime)}, but a top-k search instead of an aggregation over every
   * matching span.
   */
  @Override
  public List<ByteString> findTraceIds(TraceQuery query) {
    List<String> indices = spanIndices(query.startTimeMin(), query.startTimeMax());
    Query q = searchQuery(query);
    SearchResponse<Void> r =
        calls.run(
            "find_trace_ids",
            () ->
                client.search(
                    s ->
                        s.index(indices)
                            .ignoreUnavailable(true)
                            .allowNoIndices(true)
                            .size(query.limit())
                            .source(src -> src.fetch(false))
                            .trackTotalHits(t -> t.enabled(false))
                            .query(q)
                            .collapse(c -> c.field(SpanFields.TRACE_ID))
                            .sort(
                                so ->
                                    so.field(
                                        f -> f.field(SpanFields.START_TIME).order(SortOrder.Desc)))
                            .sort(
                                so ->
                                    so.field(
                                        f -> f.field(SpanFields.TRACE_ID).order(SortOrder.Asc))),
                    Void.class));
    List<ByteString> ids = new ArrayList<>();
    for (Hit<Void> hit : r.hits().hits()) {
      JsonData value = hit.fields().get(SpanFields.TRACE_ID);
      if (value != null) {
        ids.add(TraceIds.fromHex(value.toJson().asJsonArray().getString(0)));
      }
    }
    return ids;
  }

  /**
   * Finds the ids, then reads every span of those traces: the ids split into up to {@value
   * #FETCH_SEARCHES} groups searched concurrently (so Elasticsearch's fetch of one group overlaps
   * the decoding of another), each group one search of up to a full page (10,000) sorted by start
   * time, paged under a point in time only when that page comes back full. Whole traces, whatever
   * their size.
   */
  @Override
  public List<List<Span>> findTraces(TraceQuery query) {
    List<ByteString> ids = findTraceIds(query);
    if (ids.isEmpty()) {
      return List.of();
    }
    // Traces may hold spans outside the search window; read them from every index a span of
    // theirs can be in, as Jaeger does (window widened by the max span age).
    Instant now = clock.instant();
    Instant from = query.startTimeMin().minus(options.maxSpanAge());
    Instant to = query.startTimeMax().isAfter(now) ? query.startTimeMax() : now;
    List<String> indices = spanIndices(from, to);
    List<List<ByteString>> groups = groups(ids, fetchSearches);
    List<Future<List<DecodedSpan>>> pending = new ArrayList<>(groups.size());
    for (List<ByteString> group : groups.subList(1, groups.size())) {
      pending.add(FETCH_POOL.submit(() -> spansOf(indices, group)));
    }
    Map<ByteString, List<Span>> byTrace = new LinkedHashMap<>();
    ids.forEach(id -> byTrace.put(id, new ArrayList<>()));
    collect(byTrace, spansOf(indices, groups.get(0)));
    for (Future<List<DecodedSpan>> f : pending) {
      collect(byTrace, await(f));
    }
    List<List<Span>> traces = new ArrayList<>();
    for (List<Span> spans : byTrace.values()) {
      if (!spans.isEmpty()) {
        traces.add(spans);
      }
    }
    return List.copyOf(traces);
  }

  /** Every span of these traces, oldest first within each trace. */
  private List<DecodedSpan> spansOf(List<String> indices, List<ByteString> traceIds) {
    List<FieldValue> hexIds =
        traceIds.stream().map(id -> FieldValue.of(TraceIds.toHex(id))).toList();
    Query byIds =
        Query.of(q -> q.terms(t -> t.field(SpanFields.TRACE_ID).terms(v -> v.value(hexIds))));
    return pager.all(
        "find_traces", indices, byIds, SpanFields.START_TIME, pager.pageSize(), DecodedSpan.class);
  }

  private static void collect(Map<ByteString, List<Span>> byTrace, List<DecodedSpan> spans) {
    for (DecodedSpan d : spans) {
      List<Span> trace = byTrace.get(d.span().getTraceId());
      if (trace != null) {
        trace.add(d.span());
      }
    }
  }

  /** Splits the ids, in order, into at most {@code count} groups of near-equal size. */
  static List<List<ByteString>> groups(List<ByteString> ids, int count) {
    int n = Math.max(1, Math.min(count, ids.size()));
    List<List<ByteString>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(ids.subList(i * ids.size() / n, (i + 1) * ids.size() / n));
    }
    return out;
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageUnavailableException("interrupted while reading traces", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private List<String> spanIndices(Instant from, Instant to) {
    if (options.useReadAliases()) {
      return List.of(IndexNames.readAlias(IndexFamily.SPAN, options.indexPrefix()));
    }
    return IndexNames.indicesBetween(
        IndexFamily.SPAN, options.indexPrefix(), from, to, options.spanDateLayout());
  }

  private List<String> serviceIndices(Instant now) {
    if (options.useReadAliases()) {
      return List.of(IndexNames.readAlias(IndexFamily.SERVICE, options.indexPrefix()));
    }
    return IndexNames.indicesBetween(
        IndexFamily.SERVICE,
        options.indexPrefix(),
        now.minus(options.maxSpanAge()),
        now,
        options.serviceDateLayout());
  }

  private static Query traceQuery(ByteString traceId) {
    return term(SpanFields.TRACE_ID, TraceIds.toHex(traceId));
  }

  /** One span must satisfy every condition (Jaeger's per-span search). */
  static Query searchQuery(TraceQuery query) {
    BoolQuery.Builder bool = new BoolQuery.Builder();
    long min = SpanFacts.microsOf(query.startTimeMin());
    long max = SpanFacts.microsOf(query.startTimeMax());
    bool.filter(
        f ->
            f.range(
                r ->
                    r.number(
                        n -> n.field(SpanFields.START_TIME).gte((double) min).lte((double) max))));
    if (!query.serviceName().isEmpty()) {
      bool.filter(term(SpanFields.PROCESS_SERVICE_NAME, query.serviceName()));
    }
    if (!query.operationName().isEmpty()) {
      bool.filter(term(SpanFields.OPERATION_NAME, query.operationName()));
    }
    query
        .durationMin()
        .ifPresent(
            d ->
                bool.filter(
                    f ->
                        f.range(
                            r ->
                                r.number(
                                    n ->
                                        n.field(SpanFields.DURATION)
                                            .gte((double) (d.toNanos() / 1_000))))));
    query
        .durationMax()
        .ifPresent(
            d ->
                bool.filter(
                    f ->
                        f.range(
                            r ->
                                r.number(
                                    n ->
                                        n.field(SpanFields.DURATION)
                                            .lte((double) (d.toNanos() / 1_000))))));
    for (Map.Entry<String, String> tag : query.tags().entrySet()) {
      bool.filter(tagQuery(tag.getKey(), tag.getValue()));
    }
    return bool.build()._toQuery();
  }

  /** A tag matches on the span, its process, or any of its log fields (or tags-as-fields). */
  static Query tagQuery(String key, String value) {
    String fieldKey = key.replace(".", SpanFields.DEFAULT_TAG_DOT_REPLACEMENT);
    BoolQuery.Builder any = new BoolQuery.Builder().minimumShouldMatch("1");
    any.should(nestedKeyValue("tags", key, value));
    any.should(nestedKeyValue("process.tags", key, value));
    any.should(nestedKeyValue("logs.fields", key, value));
    any.should(term(SpanFields.TAG + "." + fieldKey, value));
    any.should(term(SpanFields.PROCESS + "." + SpanFields.TAG + "." + fieldKey, value));
    return any.build()._toQuery();
  }

  private static Query nestedKeyValue(String path, String key, String value) {
    return Query.of(
        q ->
            q.nested(
                n ->
                    n.path(path)
                        .query(
                            b ->
                                b.bool(
                                    bb ->
                                        bb.filter(term(path + ".key", key))
                                            .filter(term(path + ".value", value))))));
  }

  static Query term(String field, String value) {
    return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
  }

  private static List<Span> toSpans(List<DecodedSpan> docs) {
    List<Span> spans = new ArrayList<>(docs.size());
    for (DecodedSpan doc : docs) {
      spans.add(doc.span());
    }
    return spans;
  }
}
