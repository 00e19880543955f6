package io.spanflow.query.storage.es;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spanflow.query.storage.StorageUnavailableException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Elasticsearch call: times it ({@code spanflow_query_es_requests{operation,outcome}}) and
 * turns an unreachable or failing cluster into {@link StorageUnavailableException}.
 */
final class EsCalls {

  /** One call against the client. */
  @FunctionalInterface
  interface EsCall<T> {
    T run() throws IOException;
  }

  private final MeterRegistry registry;

  EsCalls(MeterRegistry registry) {
    this.registry = registry;
  }

  <T> T run(String operation, EsCall<T> call) {
    long start = System.nanoTime();
    String outcome = "error";
    try {
      T result = call.run();
      outcome = "success";
      return result;
    } catch (IOException e) {
      throw new StorageUnavailableException("elasticsearch unreachable: " + e.getMessage(), e);
    } catch (ElasticsearchException e) {
      if (e.status() >= 500 || e.status() == 429) {
        throw new StorageUnavailableException(
            "elasticsearch failed " + operation + ": " + e.getMessage(), e);
      }
      // A 4xx means the request itself is wrong: a bug here, not an outage.
      throw new IllegalStateException(
          "elasticsearch refused " + operation + ": " + e.getMessage(), e);
    } finally {
      Timer.builder("spanflow_query_es_requests")
          .description("Elasticsearch calls of the query service")
          .tag("operation", operation)
          .tag("outcome", outcome)
          .publishPercentileHistogram()
          .register(registry)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }
}
