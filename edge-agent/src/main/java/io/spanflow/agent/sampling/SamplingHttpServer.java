package io.spanflow.agent.sampling;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;
import io.spanflow.runtime.admin.HostPort;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP port (5778) that Jaeger clients poll:
 *
 * <ul>
 *   <li>{@code GET /sampling?service=NAME}: the strategy, type as a name;
 *   <li>{@code GET /?service=NAME}: the same with thrift 0.9.2 integer type codes (old clients);
 *   <li>{@code GET /baggageRestrictions?service=NAME}: {@code []} (no restrictions).
 * </ul>
 *
 * A missing or repeated {@code service} is a 400; no strategy (collector down, nothing cached) is a
 * 500, as with Jaeger's agent. Uses the JDK's HTTP server on two threads: clients poll about once a
 * minute, so this port needs no framework.
 */
public final class SamplingHttpServer implements Component {
  private static final Logger log = LoggerFactory.getLogger(SamplingHttpServer.class);

  private final HostPort hostPort;
  private final SamplingStrategyCache strategies;
  private final Counter samplingRequests;
  private final Counter legacySamplingRequests;
  private final Counter baggageRequests;
  private final Counter badRequests;
  private final Counter proxyFailures;
  private final Object lock = new Object();
  private HttpServer server;
  private ExecutorService executor;
  private boolean closed;

  public SamplingHttpServer(
      HostPort hostPort, SamplingStrategyCache strategies, MeterRegistry registry) {
    this.hostPort = Objects.requireNonNull(hostPort, "hostPort");
    this.strategies = Objects.requireNonNull(strategies, "strategies");
    String requests = "jaeger.agent.http-server.requests";
    String errors = "jaeger.agent.http-server.errors";
    this.samplingRequests = Counter.builder(requests).tag("type", "sampling").register(registry);
    this.legacySamplingRequests =
        Counter.builder(requests).tag("type", "sampling-legacy").register(registry);
    this.baggageRequests = Counter.builder(requests).tag("type", "baggage").register(registry);
    this.badRequests =
        Counter.builder(errors).tags("status", "4xx", "source", "all").register(registry);
    this.proxyFailures =
        Counter.builder(errors)
            .tags("status", "5xx", "source", "collector-proxy")
            .register(registry);
  }

  @Override
  public String name() {
    return "sampling-http";
  }

  @Override
  public void start() throws IOException {
    synchronized (lock) {
      if (server != null || closed) {
        throw new IllegalStateException("sampling http server already started or closed");
      }
      HttpServer http = HttpServer.create(hostPort.toBindAddress(), 16);
      AtomicInteger threads = new AtomicInteger();
      executor =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "sampling-http-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      http.setExecutor(executor);
      http.createContext("/", this::handle);
      http.start();
      server = http;
      log.info("Sampling endpoint listening on http {}", http.getAddress());
    }
  }

  /** The bound port (useful when configured with port 0). */
  public int port() {
    synchronized (lock) {
      if (server == null) {
        throw new IllegalStateException("not started");
      }
      return server.getAddress().getPort();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "text/plain", "method not allowed");
        return;
      }
      switch (path) {
        case "/sampling" -> serveSampling(exchange, false);
        case "/" -> serveSampling(exchange, true);
        case "/baggageRestrictions" -> serveBaggage(exchange);
        default -> respond(exchange, 404, "text/plain", "404 page not found");
      }
    }
  }

  private void serveSampling(HttpExchange exchange, boolean legacy) throws IOException {
    String service = service(exchange);
    if (service == null) {
      return;
    }
    SamplingStrategyResponse strategy;
    try {
      strategy = strategies.get(service);
    } catch (Exception e) {
      proxyFailures.increment();
      respond(exchange, 500, "text/plain", "collector error: " + e.getMessage());
      return;
    }
    respond(exchange, 200, "application/json", SamplingStrategyJson.write(strategy, legacy));
    (legacy ? legacySamplingRequests : samplingRequests).increment();
  }

  private void serveBaggage(HttpExchange exchange) throws IOException {
    if (service(exchange) == null) {
      return;
    }
    respond(exchange, 200, "application/json", "[]");
    baggageRequests.increment();
  }

  /** The single {@code service} query parameter, or null after answering 400. */
  private String service(HttpExchange exchange) throws IOException {
    List<String> values = queryValues(exchange.getRequestURI().getRawQuery(), "service");
    if (values.size() != 1) {
      badRequests.increment();
      respond(exchange, 400, "text/plain", "'service' parameter must be provided once");
      return null;
    }
    return values.get(0);
  }

  static List<String> queryValues(String rawQuery, String name) {
    List<String> values = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return values;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        values.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public CheckResult check() {
    synchronized (lock) {
      return server != null
          ? CheckResult.ok()
          : CheckResult.failed(closed ? "closed" : "not started");
    }
  }

  @Override
  public void close() {
    HttpServer http;
    ExecutorService pool;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      http = server;
      pool = executor;
      server = null;
    }
    if (http != null) {
      http.stop(0);
    }
    if (pool != null) {
      pool.shutdown();
      try {
        pool.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "SamplingHttpServer{" + hostPort + "}";
  }
}
