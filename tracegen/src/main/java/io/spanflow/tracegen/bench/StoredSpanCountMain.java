package io.spanflow.tracegen.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.tracegen.load.TraceLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * Loss check: counts, in Elasticsearch, the span documents of the traces a tracegen run recorded
 * (its {@code --trace-log}) and compares with the spans that were acknowledged. Waits until every
 * span is there, or the count stops growing for {@code --settle}, or {@code --timeout}. Works for
 * Spanflow's ({@code jaeger-span-*}, {@code traceID}) and Zipkin's ({@code zipkin*span-*}, {@code
 * traceId}) layouts.
 */
public final class StoredSpanCountMain {
  private static final int IDS_PER_QUERY = 5_000;

  /** Flags. */
  static final class Options {
    @Option(names = "--es.url", defaultValue = "http://127.0.0.1:9200", description = "ES URL.")
    String esUrl;

    @Option(names = "--index", defaultValue = "jaeger-span-*", description = "Index pattern.")
    String index;

    @Option(names = "--field", defaultValue = "traceID", description = "Trace id field.")
    String field;

    @Option(names = "--trace-log", required = true, description = "tracegen's --trace-log file.")
    Path traceLog;

    @Option(names = "--timeout", defaultValue = "180s", description = "Give up after this long.")
    Duration timeout;

    @Option(
        names = "--settle",
        defaultValue = "30s",
        description = "Stop early when the count has not grown for this long.")
    Duration settle;

    @Option(names = "--summary-file", description = "Write key=value results here too.")
    Path summaryFile;
  }

  private static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final ObjectMapper json = new ObjectMapper();

  private StoredSpanCountMain() {}

  public static void main(String[] args) throws Exception {
    Options o = ConfigBinder.bind("spanflow-stored-span-count", new Options(), args);
    List<TraceLog.Entry> entries = TraceLog.read(o.traceLog);
    List<String> acked =
        entries.stream().filter(TraceLog.Entry::acknowledged).map(TraceLog.Entry::traceId).toList();
    long expected =
        entries.stream()
            .filter(TraceLog.Entry::acknowledged)
            .mapToLong(TraceLog.Entry::spans)
            .sum();
    long start = System.nanoTime();
    long found = -1;
    long lastGrowth = start;
    while (true) {
      post(o.esUrl + "/" + o.index + "/_refresh?ignore_unavailable=true&allow_no_indices=true", "");
      long count = count(o, acked);
      if (count != found) {
        lastGrowth = System.nanoTime();
        found = count;
      }
      long now = System.nanoTime();
      if (found >= expected
          || now - start > o.timeout.toNanos()
          || now - lastGrowth > o.settle.toNanos()) {
        break;
      }
      TimeUnit.SECONDS.sleep(2);
    }
    String summary =
        "traces_acked="
            + acked.size()
            + "\nspans_expected="
            + expected
            + "\nspans_found="
            + found
            + "\nspans_missing="
            + Math.max(0, expected - found)
            + "\n";
    System.out.print(summary);
    if (o.summaryFile != null) {
      Files.writeString(o.summaryFile, summary);
    }
  }

  private static long count(Options o, List<String> traceIds) throws Exception {
    long total = 0;
    for (int i = 0; i < traceIds.size(); i += IDS_PER_QUERY) {
      ObjectNode body = json.createObjectNode();
      ArrayNode ids = body.putObject("query").putObject("terms").putArray(o.field);
      traceIds.subList(i, Math.min(traceIds.size(), i + IDS_PER_QUERY)).forEach(ids::add);
      String response =
          post(
              o.esUrl + "/" + o.index + "/_count?ignore_unavailable=true&allow_no_indices=true",
              json.writeValueAsString(body));
      total += json.readTree(response).path("count").asLong();
    }
    return total;
  }

  private static String post(String url, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.body();
  }
}
