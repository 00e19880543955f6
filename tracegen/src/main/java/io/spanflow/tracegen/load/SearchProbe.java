package io.spanflow.tracegen.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures send → searchable: samples acknowledged traces (at most one per interval) and polls a
 * trace-by-id URL every {@link #POLL} until it returns all of the trace's spans. Works with
 * Jaeger's {@code /api/traces/{traceId}} ({@code {"data":[{"spans":[...]}]}}) and Zipkin's {@code
 * /api/v2/trace/{traceId}} (a JSON array of spans). The resolution is the poll interval.
 */
final class SearchProbe implements AutoCloseable {
  static final Duration POLL = Duration.ofMillis(100);

  private final String urlTemplate;
  private final long sampleIntervalNanos;
  private final long timeoutNanos;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper();
  private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2);
  private final AtomicLong lastSample = new AtomicLong(System.nanoTime() - (1L << 40));
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger notFound = new AtomicInteger();
  private final Percentiles latencies = new Percentiles();

  /** {@code urlTemplate} contains {@code {traceId}}. */
  SearchProbe(String urlTemplate, Duration sampleInterval, Duration timeout) {
    if (!urlTemplate.contains("{traceId}")) {
      throw new IllegalArgumentException("probe URL needs a {traceId} placeholder: " + urlTemplate);
    }
    this.urlTemplate = urlTemplate;
    this.sampleIntervalNanos = sampleInterval.toNanos();
    this.timeoutNanos = timeout.toNanos();
  }

  /** Considers one acknowledged trace; probes it if the sampling interval has passed. */
  void offer(String traceId, int spans, long sendNanos) {
    long last = lastSample.get();
    if (sendNanos - last < sampleIntervalNanos || !lastSample.compareAndSet(last, sendNanos)) {
      return;
    }
    pending.incrementAndGet();
    URI uri = URI.create(urlTemplate.replace("{traceId}", traceId));
    schedule(uri, spans, sendNanos);
  }

  private void schedule(URI uri, int spans, long sendNanos) {
    pollers.schedule(() -> poll(uri, spans, sendNanos), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll(URI uri, int spans, long sendNanos) {
    int found = spansFound(uri);
    long now = System.nanoTime();
    if (found >= spans) {
      latencies.add(now - sendNanos);
      pending.decrementAndGet();
    } else if (now - sendNanos > timeoutNanos) {
      notFound.incrementAndGet();
      pending.decrementAndGet();
    } else {
      schedule(uri, spans, sendNanos);
    }
  }

  private int spansFound(URI uri) {
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        return 0;
      }
      JsonNode body = json.readTree(response.body());
      if (body.isArray()) {
        return body.size();
      }
      int count = 0;
      for (JsonNode trace : body.path("data")) {
        count += trace.path("spans").size();
      }
      return count;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return 0;
    }
  }

  /** Waits until every sampled trace was found or timed out. */
  void awaitDone() throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos + POLL.toNanos() * 10;
    while (pending.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(POLL.toMillis()); // a plain wait for other threads; not a test
    }
  }

  Percentiles latencies() {
    return latencies;
  }

  int notFound() {
    return notFound.get();
  }

  @Override
  public void close() {
    pollers.shutdownNow();
  }
}
