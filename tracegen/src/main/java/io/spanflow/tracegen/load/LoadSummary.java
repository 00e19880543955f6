package io.spanflow.tracegen.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a run did. Latencies in nanoseconds, -1 when not measured. For UDP "acknowledged" means the
 * packets left the socket: nothing answers them.
 */
public record LoadSummary(
    String protocol,
    Duration elapsed,
    long tracesSent,
    long tracesAcked,
    long spansSent,
    long spansAcked,
    long spansRejected,
    long requests,
    long backpressure,
    long unavailable,
    long retries,
    long requestP50Nanos,
    long requestP99Nanos,
    int probeSamples,
    int probeNotFound,
    long probeRequests,
    long searchableP50Nanos,
    long searchableP99Nanos) {

  public double spansPerSecond() {
    return spansAcked / Math.max(1e-9, elapsed.toNanos() / 1e9);
  }

  public double tracesPerSecond() {
    return tracesAcked / Math.max(1e-9, elapsed.toNanos() / 1e9);
  }

  /** Flat {@code key=value} pairs, for scripts. */
  public Map<String, String> toProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("protocol", protocol);
    p.put("elapsed_s", fmt(elapsed.toNanos() / 1e9));
    p.put("traces_sent", Long.toString(tracesSent));
    p.put("traces_acked", Long.toString(tracesAcked));
    p.put("spans_sent", Long.toString(spansSent));
    p.put("spans_acked", Long.toString(spansAcked));
    p.put("spans_rejected", Long.toString(spansRejected));
    p.put("requests", Long.toString(requests));
    p.put("backpressure", Long.toString(backpressure));
    p.put("unavailable", Long.toString(unavailable));
    p.put("retries", Long.toString(retries));
    p.put("spans_per_s", fmt(spansPerSecond()));
    p.put("traces_per_s", fmt(tracesPerSecond()));
    p.put("request_p50_ms", millis(requestP50Nanos));
    p.put("request_p99_ms", millis(requestP99Nanos));
    p.put("searchable_samples", Integer.toString(probeSamples));
    p.put("searchable_not_found", Integer.toString(probeNotFound));
    p.put("probe_requests", Long.toString(probeRequests));
    p.put("searchable_p50_ms", millis(searchableP50Nanos));
    p.put("searchable_p99_ms", millis(searchableP99Nanos));
    return p;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "tracegen summary (%s)%n", protocol));
    out.append(
        String.format(
            Locale.ROOT,
            "  traces   sent %d, acknowledged %d in %.1f s (%.1f/s)%n",
            tracesSent,
            tracesAcked,
            elapsed.toNanos() / 1e9,
            tracesPerSecond()));
    out.append(
        String.format(
            Locale.ROOT,
            "  spans    sent %d, acknowledged %d (%.0f/s), rejected %d%n",
            spansSent,
            spansAcked,
            spansPerSecond(),
            spansRejected));
    out.append(
        String.format(
            Locale.ROOT,
            "  requests %d, backpressure (429/RESOURCE_EXHAUSTED) %d, unavailable %d, retried %d%n",
            requests,
            backpressure,
            unavailable,
            retries));
    out.append(
        String.format(
            Locale.ROOT,
            "  request latency p50 %s ms, p99 %s ms%n",
            millis(requestP50Nanos),
            millis(requestP99Nanos)));
    if (probeSamples > 0 || probeNotFound > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "  send -> searchable p50 %s ms, p99 %s ms (%d sampled traces, %d not found,"
                  + " %d probe requests)%n",
              millis(searchableP50Nanos),
              millis(searchableP99Nanos),
              probeSamples,
              probeNotFound,
              probeRequests));
    }
    return out.toString();
  }

  private static String millis(long nanos) {
    return nanos < 0 ? "-" : fmt(nanos / 1e6);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
