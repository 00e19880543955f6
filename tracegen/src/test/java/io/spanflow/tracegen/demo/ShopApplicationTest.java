package io.spanflow.tracegen.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.proto.jaeger.Span;
import io.spanflow.tracegen.traces.GeneratedTrace;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShopApplicationTest {

  @Test
  void theShopProducesEveryServiceErrorsAndSlowRequests() {
    ShopApplication shop = new ShopApplication(5);
    Set<String> services = new HashSet<>();
    Set<String> peers = new HashSet<>();
    Set<String> operations = new HashSet<>();
    int failed = 0;
    int slow = 0;
    for (int i = 0; i < 2_000; i++) {
      GeneratedTrace trace = shop.next(Instant.now());
      failed += trace.failed() ? 1 : 0;
      slow += trace.slow() ? 1 : 0;
      for (Span span : trace.spans()) {
        services.add(span.getProcess().getServiceName());
        operations.add(span.getOperationName());
        span.getTagsList().stream()
            .filter(t -> t.getKey().equals("peer.service"))
            .forEach(t -> peers.add(t.getVStr()));
      }
    }
    // Every reporting service has a client, and all of them show up.
    assertThat(services).isEqualTo(ShopApplication.CLIENTS.keySet());
    assertThat(peers).contains("postgres", "redis", "payment", "cart");
    assertThat(operations).contains("GET /api/cart", "POST /api/checkout", "SELECT products");
    assertThat(failed).isBetween(20, 400);
    assertThat(slow).isBetween(20, 400);
  }
}
