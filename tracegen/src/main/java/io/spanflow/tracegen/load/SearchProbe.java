package io.spanflow.tracegen.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Measures send → searchable: samples acknowledged traces (at most one per interval) and, every
 * {@link #POLL}, asks the query API for all sampled traces not yet complete in one request (up to
 * {@link #IDS_PER_REQUEST} ids each). A trace counts as searchable when the API returns all of its
 * spans; the resolution is the poll interval.
 *
 * <p>Why one request per round: polling each pending trace on its own makes the probe's load grow
 * with the latency it measures (at 60 s and 4 samples a second that is 240 traces polled ten times
 * a second), and on a small machine that load then adds to the latency. A round trip per round
 * keeps the probe's cost flat for every system measured.
 */
final class SearchProbe implements AutoCloseable {
  static final Duration POLL = Duration.ofMillis(100);
  static final int IDS_PER_REQUEST = 50;
  private static final long NONE = Long.MIN_VALUE;

  private record Pending(int spans, long sendNanos) {}

  private final ProbeApi api;
  private final String baseUrl;
  private final long sampleIntervalNanos;
  private final long timeoutNanos;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tracegen-probe");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong lastSample = new AtomicLong(NONE);
  private final AtomicInteger notFound = new AtomicInteger();
  private final AtomicLong requests = new AtomicLong();
  private final Percentiles latencies = new Percentiles();

  /** {@code baseUrl}: the query API's root, such as {@code http://127.0.0.1:16686}. */
  SearchProbe(ProbeApi api, String baseUrl, Duration sampleInterval, Duration timeout) {
    if (baseUrl.contains("{")) {
      throw new IllegalArgumentException(
          "--probe.url is the query API's base URL (such as http://127.0.0.1:16686), not a"
              + " template: "
              + baseUrl);
    }
    this.api = api;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.sampleIntervalNanos = sampleInterval.toNanos();
    this.timeoutNanos = timeout.toNanos();
    poller.scheduleWithFixedDelay(
        this::round, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Considers one acknowledged trace; probes it if the sampling interval has passed. */
  void offer(String traceId, int spans, long sendNanos) {
    long last = lastSample.get();
    if ((last != NONE && sendNanos - last < sampleIntervalNanos)
        || !lastSample.compareAndSet(last, sendNanos)) {
      return;
    }
    pending.put(normalize(traceId), new Pending(spans, sendNanos));
  }

  /** One poll round: every pending trace, {@link #IDS_PER_REQUEST} to a request. */
  private void round() {
    List<String> ids = new ArrayList<>(pending.keySet());
    for (int from = 0; from < ids.size(); from += IDS_PER_REQUEST) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_REQUEST));
      Map<String, Integer> found = spansFound(chunk);
      long now = System.nanoTime();
      for (String id : chunk) {
        Pending p = pending.get(id);
        if (p == null) {
          continue;
        }
        if (found.getOrDefault(id, 0) >= p.spans()) {
          latencies.add(now - p.sendNanos());
          pending.remove(id);
        } else if (now - p.sendNanos() > timeoutNanos) {
          notFound.incrementAndGet();
          pending.remove(id);
        }
      }
    }
  }

  URI uri(List<String> ids) {
    return URI.create(
        switch (api) {
          case JAEGER ->
              baseUrl
                  + "/api/traces?"
                  + ids.stream()
                      .map(id -> "traceID=" + encode(id))
                      .collect(Collectors.joining("&"));
          case ZIPKIN -> baseUrl + "/api/v2/traceMany?traceIds=" + encode(String.join(",", ids));
        });
  }

  /** Spans returned per (normalized) trace id; empty when the request failed. */
  private Map<String, Integer> spansFound(List<String> ids) {
    Map<String, Integer> counts = new HashMap<>();
    try {
      requests.incrementAndGet();
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(uri(ids)).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      // Jaeger answers 404 when none of the ids is found, 200 with errors when some are not.
      if (response.statusCode() != 200) {
        return counts;
      }
      JsonNode body = json.readTree(response.body());
      JsonNode traces = body.isArray() ? body : body.path("data");
      for (JsonNode trace : traces) {
        JsonNode spans = trace.isArray() ? trace : trace.path("spans");
        for (JsonNode span : spans) {
          String id = span.hasNonNull("traceID") ? span.get("traceID").asText() : null;
          if (id == null) {
            id = span.path("traceId").asText("");
          }
          counts.merge(normalize(id), 1, Integer::sum);
        }
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    return counts;
  }

  /** Jaeger and Zipkin print a 64-bit id with or without the leading zeros of 128 bits. */
  static String normalize(String traceId) {
    String id = traceId.toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < id.length() - 1 && id.charAt(i) == '0') {
      i++;
    }
    return id.substring(i);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Waits until every sampled trace was found or timed out. */
  void awaitDone() throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos + POLL.toNanos() * 10;
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(POLL.toMillis()); // a plain wait for the poller thread; not a test
    }
  }

  Percentiles latencies() {
    return latencies;
  }

  int notFound() {
    return notFound.get();
  }

  /** HTTP requests sent so far: the probe's own load on the system under test. */
  long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
