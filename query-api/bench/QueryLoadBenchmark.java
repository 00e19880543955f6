import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.spanflow.embedded.elasticsearch.ElasticsearchNode;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.query.QueryApiMain;
import io.spanflow.query.app.QueryHttpServer;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.query.storage.es.EsConnection;
import io.spanflow.runtime.Application;
import io.spanflow.schemas.es.DocumentIds;
import io.spanflow.schemas.es.IndexFamily;
import io.spanflow.schemas.es.IndexNames;
import io.spanflow.schemas.es.IndexTemplates;
import io.spanflow.schemas.es.ServiceOperationDocument;
import io.spanflow.schemas.es.SpanDocumentMapper;
import io.spanflow.schemas.ids.TraceIds;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Query latency at 1M+ spans: starts a fresh Elasticsearch node, bulk-loads realistic traces with
 * the ES layout's span document mapper (several concurrent bulks, refresh off while loading),
 * starts the real query-api process wiring ({@link QueryApiMain}) on it, warms up, then measures
 * trace-by-id and a mix of searches through the HTTP API, one request at a time. Prints a
 * README-ready table. Run through {@code query-api/bench/run-bench.sh}.
 *
 * <p>Arguments: spans, measured trace-by-id requests, measured searches, bulk workers.
 */
public final class QueryLoadBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "bench";
  private static final Duration WINDOW = Duration.ofHours(6);
  private static final int BULK_DOCS = 4_000;

  /** Who calls whom: a trace walks these edges from its root service. */
  private static final Map<String, List<String>> CALLS = new LinkedHashMap<>();

  private static final Map<String, List<String>> OPERATIONS = new LinkedHashMap<>();

  static {
    CALLS.put("frontend", List.of("api-gateway", "auth", "search"));
    CALLS.put("api-gateway", List.of("cart", "checkout", "catalog", "recommendation", "auth"));
    CALLS.put("checkout", List.of("payment", "inventory", "cart", "shipping", "kafka"));
    CALLS.put("cart", List.of("redis", "catalog"));
    CALLS.put("catalog", List.of("mysql", "redis"));
    CALLS.put("search", List.of("catalog", "recommendation"));
    CALLS.put("recommendation", List.of("catalog", "redis"));
    CALLS.put("payment", List.of("mysql", "kafka"));
    CALLS.put("inventory", List.of("mysql"));
    CALLS.put("shipping", List.of("mysql", "kafka"));
    CALLS.put("auth", List.of("redis", "mysql"));
    CALLS.put("mysql", List.of());
    CALLS.put("redis", List.of());
    CALLS.put("kafka", List.of());
    OPERATIONS.put("frontend", List.of("GET /", "GET /product", "GET /cart", "POST /checkout"));
    OPERATIONS.put("api-gateway", List.of("GET /api/cart", "POST /api/order", "GET /api/items"));
    OPERATIONS.put("checkout", List.of("PlaceOrder", "ValidateOrder", "PrepareOrder"));
    OPERATIONS.put("cart", List.of("GetCart", "AddItem", "EmptyCart"));
    OPERATIONS.put("catalog", List.of("GetProduct", "ListProducts", "SearchProducts"));
    OPERATIONS.put("search", List.of("Query", "Suggest"));
    OPERATIONS.put("recommendation", List.of("ListRecommendations"));
    OPERATIONS.put("payment", List.of("Charge", "Refund"));
    OPERATIONS.put("inventory", List.of("Reserve", "Release"));
    OPERATIONS.put("shipping", List.of("GetQuote", "ShipOrder"));
    OPERATIONS.put("auth", List.of("Authenticate", "Authorize"));
    OPERATIONS.put("mysql", List.of("SELECT", "INSERT", "UPDATE"));
    OPERATIONS.put("redis", List.of("GET", "SET", "MGET"));
    OPERATIONS.put("kafka", List.of("send orders", "send events"));
  }

  private record TraceRef(ByteString id, int spans) {}

  public static void main(String[] args) throws Exception {
    int spans = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int byIdRequests = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int searchRequests = args.length > 2 ? Integer.parseInt(args[2]) : 600;
    int workers = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    String heap = System.getProperty("bench.es.heap", "1g");
    String loadBefore = loadAverage();

    ElasticsearchNode es = ElasticsearchNode.builder().name("bench-es").heap(heap).build();
    long t0 = System.nanoTime();
    es.start();
    System.out.printf("benchmark: Elasticsearch up in %.1fs at %s%n", secs(t0), es.httpUrl());
    Application query = null;
    try (EsConnection conn =
        EsConnection.builder()
            .serverUrls(List.of(es.httpUrl()))
            .timeout(Duration.ofMinutes(5))
            .build()) {
      ElasticsearchClient client = conn.client();
      Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      prepareIndices(client, end);
      System.out.printf("benchmark: indices ready, loading %,d spans%n", spans);

      long loadStart = System.nanoTime();
      List<TraceRef> traces = load(client, spans, end, workers);
      double loadBulkSeconds = secs(loadStart);
      for (String index : spanIndices(end)) {
        client
            .indices()
            .putSettings(
                p ->
                    p.index(index)
                        .withJson(new StringReader("{\"index\":{\"refresh_interval\":\"1s\"}}")));
      }
      client.indices().refresh(r -> r.index(PREFIX + "-*"));
      double loadSeconds = secs(loadStart);
      JsonNode stats = esGet(es.httpUrl(), "/" + PREFIX + "-jaeger-span-*/_stats/store");
      // _count, not _stats: the stats count nested tags and logs as documents of their own.
      long docs = esGet(es.httpUrl(), "/" + PREFIX + "-jaeger-span-*/_count").path("count").asLong();
      long bytes = stats.at("/_all/primaries/store/size_in_bytes").asLong();
      if (docs != spans(traces)) {
        throw new IllegalStateException("indexed " + docs + " of " + spans(traces) + " spans");
      }
      System.out.printf(
          "benchmark: %,d spans in %,d traces loaded in %.1fs (bulk %.1fs, %,.0f spans/s), span"
              + " indices %.0f MiB%n",
          docs, traces.size(), loadSeconds, loadBulkSeconds, docs / loadSeconds, bytes / 1048576.0);

      query =
          QueryApiMain.application(
              new String[] {
                "--es.server-urls=" + es.httpUrl(),
                "--es.index-prefix=" + PREFIX,
                "--query.http-server.host-port=127.0.0.1:0",
                "--admin.http.host-port=127.0.0.1:0",
                "--log-level=warn"
              },
              false);
      query.start();
      int port =
          query.components().stream()
              .filter(QueryHttpServer.class::isInstance)
              .map(c -> ((QueryHttpServer) c).port())
              .findFirst()
              .orElseThrow();
      String base = "http://127.0.0.1:" + port;
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      Random random = new Random(99);
      List<TraceRef> large = traces.stream().filter(t -> t.spans() >= 500).toList();

      // Warm-up: JIT of the query-api and ES caches, not recorded.
      long warm = System.nanoTime();
      for (int i = 0; i < Math.max(100, byIdRequests / 5); i++) {
        get(http, base + "/api/traces/" + TraceIds.toHex(pick(traces, random).id()));
      }
      for (int i = 0; i < Math.max(30, searchRequests / 5); i++) {
        get(http, base + searchUrl(i, random));
      }
      System.out.printf("benchmark: warm-up %.1fs%n", secs(warm));

      Map<String, List<Long>> rows = new LinkedHashMap<>();
      for (int i = 0; i < byIdRequests; i++) {
        TraceRef t = pick(traces, random);
        long s = System.nanoTime();
        String body = get(http, base + "/api/traces/" + TraceIds.toHex(t.id()));
        long took = System.nanoTime() - s;
        rows.computeIfAbsent("trace-by-id, random trace (all sizes)", k -> new ArrayList<>())
            .add(took);
        if (body.length() < 100) {
          throw new IllegalStateException("empty trace " + TraceIds.toHex(t.id()));
        }
      }
      for (int i = 0; i < Math.min(large.size() * 4, Math.max(20, byIdRequests / 20)); i++) {
        TraceRef t = large.get(random.nextInt(large.size()));
        long s = System.nanoTime();
        get(http, base + "/api/traces/" + TraceIds.toHex(t.id()));
        rows.computeIfAbsent("trace-by-id, large trace (500–3,000 spans)", k -> new ArrayList<>())
            .add(System.nanoTime() - s);
      }
      List<Long> allSearch = new ArrayList<>();
      long found = 0;
      for (int i = 0; i < searchRequests; i++) {
        String url = searchUrl(i, random);
        long s = System.nanoTime();
        String body = get(http, base + url);
        long took = System.nanoTime() - s;
        found += JSON.readTree(body).path("data").size();
        rows.computeIfAbsent(searchKind(i), k -> new ArrayList<>()).add(took);
        allSearch.add(took);
      }
      rows.put("search, all of the mix above", allSearch);
      if (found == 0) {
        throw new IllegalStateException("no search found anything");
      }

      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "%nQuery benchmark: %,d spans in %,d traces (%d services; %,d traces of 500+ spans)"
                  + " over %dh, ES %s heap, 1 shard%n",
              docs,
              traces.size(),
              CALLS.size(),
              large.size(),
              WINDOW.toHours(),
              heap));
      out.append(
          String.format(
              Locale.ROOT,
              "Load: %.1f s (%,.0f spans/s, %d concurrent bulks of %,d, refresh off), span indices"
                  + " %.0f MiB (%.0f bytes/span)%n%n",
              loadSeconds,
              docs / loadSeconds,
              workers,
              BULK_DOCS,
              bytes / 1048576.0,
              (double) bytes / docs));
      out.append("| request (one at a time, over HTTP) | n | p50 ms | p99 ms | max ms |\n");
      out.append("|---|---:|---:|---:|---:|\n");
      for (Map.Entry<String, List<Long>> e : rows.entrySet()) {
        long[] v = e.getValue().stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.1f | %.1f | %.1f |%n",
                e.getKey(),
                v.length,
                pct(v, 50),
                pct(v, 99),
                v[v.length - 1] / 1e6));
      }
      long[] byId =
          rows.get("trace-by-id, random trace (all sizes)").stream()
              .mapToLong(Long::longValue)
              .sorted()
              .toArray();
      long[] search = allSearch.stream().mapToLong(Long::longValue).sorted().toArray();
      out.append(
          String.format(
              Locale.ROOT,
              "%nGoals: trace-by-id p99 < 50 ms: %s (%.1f ms); search p99 < 300 ms: %s (%.1f ms)%n",
              pct(byId, 99) < 50 ? "met" : "MISSED",
              pct(byId, 99),
              pct(search, 99) < 300 ? "met" : "MISSED",
              pct(search, 99)));
      out.append(
          String.format(
              Locale.ROOT,
              "Memory: Elasticsearch RSS %s; query-api heap used %d MiB%n",
              rss(es),
              (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20));
      out.append(esBreakdown(http, "http://127.0.0.1:" + query.admin().port() + "/metrics"));
      out.append("Load average before: " + loadBefore + "; after: " + loadAverage() + "\n");
      System.out.print(out);
      Files.createDirectories(Path.of("query-api", "target"));
      Files.writeString(Path.of("query-api", "target", "query-benchmark.md"), out.toString());
    } finally {
      if (query != null) {
        query.close();
      }
      es.close();
    }
  }

  /** Service only, +operation, +tag, duration range; limit 20 or 100; lookback 1h or 6h. */
  private static String searchKind(int i) {
    return switch (i % 6) {
      case 0 -> "search: service, limit 20, last 1h";
      case 1 -> "search: service + operation, limit 20, last 6h";
      case 2 -> "search: service + tag http.status_code=500, limit 20, last 6h";
      case 3 -> "search: service + tag customer.id (rare), limit 20, last 6h";
      case 4 -> "search: service + duration 50ms–2s, limit 20, last 1h";
      default -> "search: service, limit 100, last 6h";
    };
  }

  private static String searchUrl(int i, Random random) {
    List<String> services = new ArrayList<>(OPERATIONS.keySet());
    String service = services.get(random.nextInt(services.size()));
    String op = OPERATIONS.get(service).get(random.nextInt(OPERATIONS.get(service).size()));
    String q = "/api/traces?service=" + enc(service);
    return switch (i % 6) {
      case 0 -> q + "&limit=20&lookback=1h";
      case 1 -> q + "&operation=" + enc(op) + "&limit=20&lookback=6h";
      case 2 -> q + "&tag=" + enc("http.status_code:500") + "&limit=20&lookback=6h";
      case 3 -> q + "&tag=" + enc("customer.id:c-" + random.nextInt(20_000)) + "&limit=20&lookback=6h";
      case 4 -> q + "&minDuration=50ms&maxDuration=2s&limit=20&lookback=1h";
      default -> q + "&limit=100&lookback=6h";
    };
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static TraceRef pick(List<TraceRef> traces, Random random) {
    return traces.get(random.nextInt(traces.size()));
  }

  private static long spans(List<TraceRef> traces) {
    return traces.stream().mapToLong(TraceRef::spans).sum();
  }

  /** Templates as the sink installs them (1 shard, no replica), then today's span indices with refresh off. */
  private static void prepareIndices(ElasticsearchClient client, Instant end) throws Exception {
    for (IndexFamily family : IndexFamily.values()) {
      ObjectNode body =
          IndexTemplates.render(family, new IndexTemplates.Options(PREFIX, 1, 0, 10, false));
      client
          .indices()
          .putIndexTemplate(
              r ->
                  r.name(IndexTemplates.templateName(family, PREFIX))
                      .withJson(new StringReader(body.toString())));
    }
    for (String index : spanIndices(end)) {
      client
          .indices()
          .create(
              c ->
                  c.index(index)
                      .withJson(
                          new StringReader(
                              "{\"settings\":{\"index\":{\"refresh_interval\":\"-1\","
                                  + "\"translog\":{\"durability\":\"async\"}}}}")));
    }
  }

  private static List<String> spanIndices(Instant end) {
    Set<String> names = new TreeSet<>();
    for (Instant t = end.minus(WINDOW); !t.isAfter(end); t = t.plus(Duration.ofHours(1))) {
      names.add(IndexNames.spanIndex(PREFIX, t));
    }
    names.add(IndexNames.spanIndex(PREFIX, end));
    return List.copyOf(names);
  }

  /** Generates traces on this thread and bulks them on {@code workers} threads. */
  private static List<TraceRef> load(
      ElasticsearchClient client, int totalSpans, Instant end, int workers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    Semaphore inFlight = new Semaphore(workers * 2);
    List<Future<?>> pending = new ArrayList<>();
    Set<String> serviceOps = ConcurrentHashMap.newKeySet();
    AtomicLong loaded = new AtomicLong();
    Random random = new Random(7);
    Map<String, Process> processes = new LinkedHashMap<>();
    int host = 0;
    for (String service : CALLS.keySet()) {
      host++;
      processes.put(
          service,
          Process.newBuilder()
              .setServiceName(service)
              .addTags(str("hostname", service + "-7d9f8-" + host))
              .addTags(str("ip", "10.0.3." + host))
              .addTags(str("client-uuid", Long.toHexString(random.nextLong())))
              .addTags(str("jaeger.version", "Java-1.8.1"))
              .build());
    }
    List<TraceRef> traces = new ArrayList<>();
    List<Span> batch = new ArrayList<>(BULK_DOCS);
    long generated = 0;
    long nextReport = 100_000;
    while (generated < totalSpans) {
      List<Span> trace = trace(random, processes, end);
      traces.add(new TraceRef(trace.get(0).getTraceId(), trace.size()));
      generated += trace.size();
      batch.addAll(trace);
      if (batch.size() >= BULK_DOCS || generated >= totalSpans) {
        List<Span> chunk = batch;
        batch = new ArrayList<>(BULK_DOCS);
        inFlight.acquire();
        pending.add(
            pool.submit(
                () -> {
                  try {
                    bulk(client, chunk, serviceOps);
                    loaded.addAndGet(chunk.size());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  } finally {
                    inFlight.release();
                  }
                  return null;
                }));
        pending.removeIf(f -> f.isDone() && get(f));
      }
      if (generated >= nextReport) {
        System.out.printf("benchmark: generated %,d spans, indexed %,d%n", generated, loaded.get());
        nextReport += 100_000;
      }
    }
    for (Future<?> f : pending) {
      f.get();
    }
    pool.shutdown();
    return traces;
  }

  private static boolean get(Future<?> f) {
    try {
      f.get();
      return true;
    } catch (Exception e) {
      throw new IllegalStateException("bulk failed", e);
    }
  }

  /**
   * One trace: a root at frontend or api-gateway, then calls down {@link #CALLS}. Most traces hold
   * 3–20 spans, 15% up to 100, 0.2% are large (500–3,000 spans, e.g. batch jobs).
   */
  private static List<Span> trace(Random random, Map<String, Process> processes, Instant end) {
    double kind = random.nextDouble();
    int size =
        kind < 0.002
            ? 500 + random.nextInt(2_500)
            : kind < 0.15 ? 20 + random.nextInt(80) : 3 + random.nextInt(18);
    ByteString traceId = TraceIds.traceId(random.nextLong(), random.nextLong());
    Instant start = end.minusMillis((long) (random.nextDouble() * (WINDOW.toMillis() - 60_000)));
    long rootMicros = (long) (2_000 * Math.exp(random.nextGaussian() * 1.2 + 2)); // ~15ms median
    boolean failed = random.nextDouble() < 0.03;
    String customer = "c-" + random.nextInt(20_000);
    String root = random.nextBoolean() ? "frontend" : "api-gateway";
    List<Span> spans = new ArrayList<>(size);
    List<long[]> open = new ArrayList<>(); // {spanIndex, startMicros, durationMicros}
    List<String> services = new ArrayList<>();
    long startMicros = SpanFacts.microsOf(start);
    for (int i = 0; i < size; i++) {
      String service;
      long parentId = 0;
      long s;
      long d;
      if (i == 0) {
        service = root;
        s = startMicros;
        d = rootMicros;
      } else {
        int p = random.nextInt(open.size());
        long[] parent = open.get(p);
        List<String> callees = CALLS.get(services.get((int) parent[0]));
        if (callees.isEmpty()) {
          callees = CALLS.get(root);
        }
        service = callees.get(random.nextInt(callees.size()));
        parentId = parent[0] + 1;
        long room = Math.max(1, parent[2] / 2);
        s = parent[1] + random.nextInt((int) Math.min(Integer.MAX_VALUE, room));
        d = Math.max(50, (long) (room * random.nextDouble()));
      }
      services.add(service);
      open.add(new long[] {i, s, d});
      List<String> ops = OPERATIONS.get(service);
      boolean error = failed && (i == 0 || random.nextDouble() < 0.2);
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(traceId)
              .setSpanId(TraceIds.spanId(i + 1))
              .setOperationName(ops.get(random.nextInt(ops.size())))
              .setStartTime(SpanFacts.timestampOfMicros(s))
              .setDuration(
                  com.google.protobuf.Duration.newBuilder()
                      .setSeconds(d / 1_000_000)
                      .setNanos((int) (d % 1_000_000) * 1000))
              .setProcess(processes.get(service))
              .addTags(str("span.kind", i == 0 ? "server" : random.nextBoolean() ? "client" : "server"))
              .addTags(str("component", service.equals("mysql") ? "jdbc" : "http"))
              .addTags(str("http.method", random.nextInt(4) == 0 ? "POST" : "GET"))
              .addTags(int64("http.status_code", error ? 500 : 200))
              .addTags(str("customer.id", customer))
              .addTags(str("request.id", Long.toHexString(random.nextLong())));
      if (service.equals("mysql")) {
        span.addTags(str("db.type", "sql"))
            .addTags(str("db.statement", "SELECT * FROM orders WHERE customer_id = ? LIMIT 20"));
      }
      if (error) {
        span.addTags(
                KeyValue.newBuilder().setKey("error").setVType(ValueType.BOOL).setVBool(true))
            .addLogs(
                Log.newBuilder()
                    .setTimestamp(SpanFacts.timestampOfMicros(s + d / 2))
                    .addFields(str("event", "error"))
                    .addFields(str("message", "upstream returned 500")));
      }
      if (parentId != 0) {
        span.addReferences(
            SpanRef.newBuilder()
                .setTraceId(traceId)
                .setSpanId(TraceIds.spanId(parentId))
                .setRefType(SpanRefType.CHILD_OF));
      }
      spans.add(span.build());
    }
    return spans;
  }

  private static void bulk(ElasticsearchClient client, List<Span> spans, Set<String> serviceOps)
      throws Exception {
    BulkRequest.Builder bulk = new BulkRequest.Builder();
    for (Span s : spans) {
      Instant start = SpanFacts.instantOfMicros(SpanFacts.startMicros(s));
      ObjectNode doc = SpanDocumentMapper.toDocument(s);
      bulk.operations(
          op ->
              op.index(
                  i ->
                      i.index(IndexNames.spanIndex(PREFIX, start))
                          .id(DocumentIds.spanDocumentId(s))
                          .document(doc)));
      ServiceOperationDocument so =
          new ServiceOperationDocument(
              s.getProcess().getServiceName(), s.getOperationName(), DocumentIds.spanKind(s));
      String index = IndexNames.serviceIndex(PREFIX, start);
      if (serviceOps.add(index + "/" + so.documentId())) {
        bulk.operations(
            op -> op.index(i -> i.index(index).id(so.documentId()).document(so.toJson())));
      }
    }
    BulkResponse r = client.bulk(bulk.build());
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

  private static KeyValue str(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.STRING).setVStr(value).build();
  }

  private static KeyValue int64(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.INT64).setVInt64(value).build();
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /**
   * Where the time went inside Elasticsearch calls, from the query-api's own
   * {@code spanflow_query_es_requests_seconds} histogram (warm-up included): calls per operation
   * and their mean, i.e. the round trips a request costs.
   */
  private static String esBreakdown(HttpClient http, String metricsUrl) throws Exception {
    Map<String, double[]> ops = new LinkedHashMap<>();
    for (String line : get(http, metricsUrl).split("\n")) {
      boolean sum = line.startsWith("spanflow_query_es_requests_seconds_sum{");
      boolean count = line.startsWith("spanflow_query_es_requests_seconds_count{");
      if (!sum && !count) {
        continue;
      }
      int at = line.indexOf("operation=\"") + 11;
      String op = line.substring(at, line.indexOf('"', at));
      double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      ops.computeIfAbsent(op, k -> new double[2])[sum ? 0 : 1] += value;
    }
    StringBuilder b = new StringBuilder("ES calls (incl. warm-up):");
    ops.forEach(
        (op, v) ->
            b.append(
                String.format(
                    Locale.ROOT, " %s %.0f× mean %.1f ms;", op, v[1], v[1] == 0 ? 0 : v[0] / v[1] * 1e3)));
    return b.append('\n').toString();
  }

  private static JsonNode esGet(String es, String path) throws Exception {
    return JSON.readTree(get(HttpClient.newHttpClient(), es + path));
  }

  private static double pct(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String rss(ElasticsearchNode es) {
    return es.processHandle()
        .map(
            h -> {
              try {
                for (String line : Files.readAllLines(Path.of("/proc", h.pid() + "", "status"))) {
                  if (line.startsWith("VmRSS:")) {
                    return line.substring(6).trim();
                  }
                }
              } catch (Exception e) {
                // not Linux
              }
              return "?";
            })
        .orElse("?");
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "?";
    }
  }
}
