package io.spanflow.agent.sampling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strategies per service: a fresh one (younger than the TTL) is served from memory; an older one is
 * refetched, and kept and served when the collector cannot answer, so clients keep their sampling
 * rate while the collector is down. Counts {@code
 * jaeger_agent_collector_proxy_total{endpoint="sampling",result="ok|err"}} as Jaeger does.
 */
public final class SamplingStrategyCache {
  private static final Logger log = LoggerFactory.getLogger(SamplingStrategyCache.class);

  /** Bounds memory if clients send many distinct service names. */
  static final int MAX_SERVICES = 10_000;

  private final SamplingStrategyFetcher fetcher;
  private final Duration ttl;
  private final Clock clock;
  private final Counter fetchOk;
  private final Counter fetchErr;
  private final Counter servedStale;
  private final Map<String, Entry> entries =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > MAX_SERVICES;
        }
      };

  private record Entry(SamplingStrategyResponse strategy, Instant fetchedAt) {}

  public SamplingStrategyCache(
      SamplingStrategyFetcher fetcher, Duration ttl, Clock clock, MeterRegistry registry) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fetchOk =
        Counter.builder("jaeger.agent.collector-proxy")
            .description("Sampling strategy requests to the collector")
            .tags("endpoint", "sampling", "protocol", "grpc", "result", "ok")
            .register(registry);
    this.fetchErr =
        Counter.builder("jaeger.agent.collector-proxy")
            .description("Sampling strategy requests to the collector")
            .tags("endpoint", "sampling", "protocol", "grpc", "result", "err")
            .register(registry);
    this.servedStale =
        Counter.builder("spanflow.agent.sampling.served.from.cache")
            .description("Strategies served from the cache because the collector did not answer")
            .register(registry);
  }

  /**
   * The strategy for {@code service}; throws the fetch failure when the collector cannot answer and
   * nothing is cached for the service.
   */
  public SamplingStrategyResponse get(String service) throws Exception {
    Entry cached;
    synchronized (entries) {
      cached = entries.get(service);
    }
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.fetchedAt().plus(ttl))) {
      return cached.strategy();
    }
    try {
      SamplingStrategyResponse fresh = fetcher.fetch(service);
      fetchOk.increment();
      synchronized (entries) {
        entries.put(service, new Entry(fresh, now));
      }
      return fresh;
    } catch (Exception e) {
      fetchErr.increment();
      if (cached == null) {
        throw e;
      }
      servedStale.increment();
      log.debug(
          "Collector did not answer for {}; serving the cached strategy: {}",
          service,
          e.toString());
      return cached.strategy();
    }
  }
}
