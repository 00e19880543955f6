package io.spanflow.tracegen.demo;

import static io.spanflow.tracegen.traces.CallNode.cache;
import static io.spanflow.tracegen.traces.CallNode.db;
import static io.spanflow.tracegen.traces.CallNode.http;

import io.spanflow.tracegen.send.Protocol;
import io.spanflow.tracegen.traces.CallNode;
import io.spanflow.tracegen.traces.FaultPlan;
import io.spanflow.tracegen.traces.GeneratedTrace;
import io.spanflow.tracegen.traces.TraceFactory;
import io.spanflow.tracegen.traces.TraceSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The shop: a frontend in front of catalog, recommendation, cart, inventory, checkout and payment
 * services backed by postgres and redis. Payments fail now and then and are sometimes slow, a
 * product query sometimes does a slow scan, and each service reports through the client its team
 * picked.
 */
public final class ShopApplication implements TraceSource {

  /** Which client library (and so which protocol) each service reports with. */
  public static final Map<String, Protocol> CLIENTS =
      Map.of(
          "frontend", Protocol.JAEGER_UDP_COMPACT,
          "cart", Protocol.JAEGER_UDP_COMPACT,
          "inventory", Protocol.JAEGER_UDP_COMPACT,
          "checkout", Protocol.OTLP_GRPC,
          "payment", Protocol.OTLP_GRPC,
          "recommendation", Protocol.OTLP_HTTP,
          "catalog", Protocol.ZIPKIN_JSON);

  private record Endpoint(int weight, CallNode root) {}

  private static final List<Endpoint> ENDPOINTS = endpoints();

  private final Random random;
  private final TraceFactory factory;
  private final int totalWeight;

  public ShopApplication(long seed) {
    this.random = new Random(seed);
    this.factory = new TraceFactory(random);
    this.totalWeight = ENDPOINTS.stream().mapToInt(Endpoint::weight).sum();
  }

  /** The request trees, for tests. */
  public static List<CallNode> entryPoints() {
    return ENDPOINTS.stream().map(Endpoint::root).toList();
  }

  @Override
  public GeneratedTrace next(Instant end) {
    int pick = random.nextInt(totalWeight);
    for (Endpoint endpoint : ENDPOINTS) {
      pick -= endpoint.weight;
      if (pick < 0) {
        return factory.build(endpoint.root, FaultPlan.random(random), end);
      }
    }
    throw new IllegalStateException("weights");
  }

  private static List<Endpoint> endpoints() {
    CallNode getCart =
        http(
            "cart", "GET", "/api/cart", 600, cache("redis", "HGETALL", "HGETALL cart:{user}", 250));
    CallNode recommendations =
        http(
                "recommendation",
                "GET",
                "/api/recommendations",
                2_500,
                cache("redis", "GET", "GET recs:{user}", 200).withErrorRate(0.01))
            .withErrorRate(0.02);
    CallNode listProducts =
        http(
            "catalog",
            "GET",
            "/api/products",
            1_200,
            db(
                    "postgres",
                    "SELECT products",
                    "SELECT id, name, price FROM products ORDER BY rank LIMIT $1",
                    3_000)
                .withSlowRate(0.03));
    CallNode getProduct =
        http(
            "catalog",
            "GET",
            "/api/products/{id}",
            800,
            cache("redis", "GET", "GET product:{id}", 200),
            db("postgres", "SELECT products", "SELECT * FROM products WHERE id = $1", 1_500));
    CallNode addItem =
        http(
            "cart",
            "POST",
            "/api/cart/items",
            700,
            http(
                "inventory",
                "GET",
                "/api/inventory/{sku}",
                500,
                db("postgres", "SELECT stock", "SELECT quantity FROM stock WHERE sku = $1", 900)),
            cache("redis", "HSET", "HSET cart:{user} {sku} {qty}", 250));
    CallNode checkout =
        http(
            "checkout",
            "POST",
            "/api/checkout",
            1_500,
            http(
                "cart",
                "GET",
                "/api/cart",
                600,
                cache("redis", "HGETALL", "HGETALL cart:{user}", 250)),
            http(
                    "inventory",
                    "POST",
                    "/api/inventory/reserve",
                    800,
                    db(
                        "postgres",
                        "UPDATE stock",
                        "UPDATE stock SET quantity = quantity - $1 WHERE sku = $2",
                        2_000))
                .withErrorRate(0.02),
            http(
                    "payment",
                    "POST",
                    "/api/payments",
                    25_000,
                    db(
                        "postgres",
                        "INSERT payments",
                        "INSERT INTO payments VALUES ($1, $2, $3)",
                        1_800))
                .withErrorRate(0.08)
                .withSlowRate(0.05),
            db("postgres", "INSERT orders", "INSERT INTO orders VALUES ($1, $2, $3)", 2_200),
            http(
                "cart", "DELETE", "/api/cart", 400, cache("redis", "DEL", "DEL cart:{user}", 150)));
    return List.of(
        new Endpoint(
            3, http("frontend", "GET", "/", 3_000, listProducts, recommendations, getCart)),
        new Endpoint(
            3, http("frontend", "GET", "/api/products/{id}", 1_500, getProduct, recommendations)),
        new Endpoint(2, http("frontend", "GET", "/api/cart", 800, getCart)),
        new Endpoint(2, http("frontend", "POST", "/api/cart/items", 1_000, addItem)),
        new Endpoint(1, http("frontend", "POST", "/api/checkout", 2_000, checkout)));
  }
}
