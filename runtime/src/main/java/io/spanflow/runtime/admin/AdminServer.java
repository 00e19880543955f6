package io.spanflow.runtime.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import io.spanflow.runtime.metrics.Metrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP port every Spanflow process serves: {@code GET /} health and {@code GET /metrics}
 * Prometheus text.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} so the smallest component (the edge agent)
 * carries no web framework. Health is 200 {@code {"status":"Server available",...}} when the
 * process is ready and every registered check is healthy, otherwise 503 {@code {"status":"Server
 * not available","failing":name,"reason":...}}, matching Jaeger's admin health messages.
 */
public final class AdminServer implements Component {
  /** Prometheus text exposition format 0.0.4. */
  public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  private final HostPort hostPort;
  private final PrometheusMeterRegistry registry;
  private final List<Component> checks;
  private final Clock clock;
  private final Object lock = new Object();

  private volatile String notReadyReason;
  private volatile Instant upSince;
  private HttpServer server;
  private ExecutorService executor;
  private boolean closed;

  private AdminServer(Builder builder) {
    this.hostPort = builder.hostPort;
    this.registry = builder.registry != null ? builder.registry : Metrics.newPrometheusRegistry();
    this.checks = new CopyOnWriteArrayList<>(builder.checks);
    this.clock = builder.clock;
    this.upSince = clock.instant();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "admin-server";
  }

  /** The registry served on {@code /metrics}; components register their meters here. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Adds a component whose {@link Component#check()} decides {@code GET /}; duplicates ignored. */
  public AdminServer addCheck(Component component) {
    Objects.requireNonNull(component, "component");
    if (component != this && checks.stream().noneMatch(c -> c == component)) {
      checks.add(component);
    }
    return this;
  }

  /**
   * Marks the whole process unavailable (health 503 with this reason) regardless of checks, e.g.
   * {@code "starting"} or {@code "shutting down"}, so load balancers stop routing before flushing.
   */
  public void markUnavailable(String reason) {
    this.notReadyReason = Objects.requireNonNull(reason, "reason");
  }

  /** Clears {@link #markUnavailable}; health then depends on the checks only. */
  public void markReady() {
    if (notReadyReason != null) {
      notReadyReason = null;
      upSince = clock.instant();
    }
  }

  @Override
  public void start() throws IOException {
    synchronized (lock) {
      if (server != null) {
        throw new IllegalStateException("admin server already started");
      }
      if (closed) {
        throw new IllegalStateException("admin server closed");
      }
      HttpServer http = HttpServer.create(hostPort.toBindAddress(), 16);
      AtomicInteger threadCount = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "admin-http-" + threadCount.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      http.setExecutor(pool);
      http.createContext("/", this::handle);
      http.start();
      server = http;
      executor = pool;
      log.info("Admin server listening on {} (health /, metrics /metrics)", address());
    }
  }

  /** The bound port (the real one when configured with port 0); -1 before start. */
  public int port() {
    synchronized (lock) {
      return server == null ? -1 : server.getAddress().getPort();
    }
  }

  /** The bound address; null before start. */
  public InetSocketAddress address() {
    synchronized (lock) {
      return server == null ? null : server.getAddress();
    }
  }

  @Override
  public CheckResult check() {
    synchronized (lock) {
      return server != null && !closed
          ? CheckResult.ok()
          : CheckResult.failed(closed ? "closed" : "not started");
    }
  }

  /** Evaluates health as {@code GET /} would, without HTTP. */
  public boolean healthy() {
    return evaluate().healthy();
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
    }
    if (http != null) {
      http.stop(0);
      pool.shutdownNow();
      try {
        pool.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "AdminServer{hostPort=" + hostPort + ", checks=" + checkNames() + "}";
  }

  private List<String> checkNames() {
    List<String> names = new ArrayList<>();
    checks.forEach(c -> names.add(c.name()));
    return names;
  }

  private HealthReport evaluate() {
    return HealthReport.evaluate(notReadyReason, checks, upSince, clock.instant());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return;
      }
      switch (path) {
        case "/", "" -> {
          HealthReport report = evaluate();
          send(exchange, report.statusCode(), "application/json", report.json());
        }
        case "/metrics" -> send(exchange, 200, METRICS_CONTENT_TYPE, registry.scrape());
        default -> send(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
      }
    } catch (RuntimeException e) {
      log.warn("Admin request {} failed", exchange.getRequestURI(), e);
      throw e;
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Configures an {@link AdminServer}; the default address is every interface, port 0. */
  public static final class Builder {
    private HostPort hostPort = new HostPort("", 0);
    private PrometheusMeterRegistry registry;
    private final List<Component> checks = new ArrayList<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Listen address, e.g. {@code "0.0.0.0:14271"}, {@code ":14271"}, {@code "127.0.0.1:0"}. */
    public Builder hostPort(String hostPort) {
      this.hostPort = HostPort.parse(hostPort);
      return this;
    }

    public Builder hostPort(HostPort hostPort) {
      this.hostPort = Objects.requireNonNull(hostPort, "hostPort");
      return this;
    }

    /** Registry served on {@code /metrics}; default a new {@link Metrics#newPrometheusRegistry}. */
    public Builder registry(PrometheusMeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Components whose checks decide the health answer. */
    public Builder check(Component... components) {
      for (Component c : components) {
        checks.add(Objects.requireNonNull(c, "component"));
      }
      return this;
    }

    /** Clock for {@code upSince}/{@code uptime}; tests may fix it. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public AdminServer build() {
      return new AdminServer(this);
    }
  }
}
