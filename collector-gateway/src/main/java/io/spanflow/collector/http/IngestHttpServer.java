package io.spanflow.collector.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.spanflow.collector.ingest.IngestException;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded HTTP listener (Javalin on Jetty) for an ingest protocol. Handlers reply
 * asynchronously once Kafka acknowledged, so no request thread waits on the broker.
 *
 * <p>Javalin because it already is in the stack (the query API) and gives async replies ({@code
 * ctx.future}) on Jetty with little code; Armeria or raw Netty would add a second HTTP stack.
 *
 * <p>On {@link #close()} the server first refuses new requests with 503, waits (bounded) for
 * in-flight ones to be answered, then stops listening.
 */
public final class IngestHttpServer implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(IngestHttpServer.class);

  private final String name;
  private final String host;
  private final int port;
  private final long maxRequestBytes;
  private final Duration drainTimeout;
  private final List<Route> routes;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;
  private Javalin app;

  private IngestHttpServer(Builder b) {
    this.name = b.name;
    this.host = b.host;
    this.port = b.port;
    this.maxRequestBytes = b.maxRequestBytes;
    this.drainTimeout = b.drainTimeout;
    this.routes = List.copyOf(b.routes);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Adapts an async ingest handler: the future's value becomes the reply; an {@link
   * IngestException} becomes its status and message as text.
   */
  public static Handler async(Function<Context, CompletableFuture<Reply>> handler) {
    return ctx -> {
      CompletableFuture<Reply> reply;
      try {
        reply = handler.apply(ctx);
      } catch (RuntimeException e) {
        reply = CompletableFuture.failedFuture(e);
      }
      CompletableFuture<Void> written =
          reply.handle(
              (r, error) -> {
                if (error == null) {
                  ctx.status(r.status());
                  if (r.contentType() != null) {
                    ctx.contentType(r.contentType());
                  }
                  if (r.body() != null) {
                    ctx.result(r.body());
                  }
                } else {
                  IngestException ie = IngestException.from(error);
                  if (ie.kind() == IngestException.Kind.UNAVAILABLE
                      && !(unwrap(error) instanceof IngestException)) {
                    LOG.warn("Ingest failed", error);
                  }
                  ctx.status(ie.kind().httpStatus())
                      .contentType("text/plain")
                      .result(ie.getMessage());
                  if (ie.kind() == IngestException.Kind.OVERLOADED
                      || ie.kind() == IngestException.Kind.UNAVAILABLE) {
                    ctx.header("Retry-After", "1");
                  }
                }
                return null;
              });
      ctx.future(() -> written);
    };
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof java.util.concurrent.CompletionException
            || c instanceof java.util.concurrent.ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start() {
    Javalin javalin =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jetty.defaultHost = host;
              config.jetty.defaultPort = port;
              config.http.maxRequestSize = maxRequestBytes;
              config.http.disableCompression();
            });
    javalin.before(
        ctx -> {
          if (draining) {
            ctx.header("Connection", "close");
            throw new io.javalin.http.HttpResponseException(503, "collector is shutting down");
          }
          inFlight.incrementAndGet();
          ctx.attribute("spanflow.inflight", Boolean.TRUE);
        });
    javalin.after(
        ctx -> {
          // after-handlers run when the async reply is written
          if (ctx.attribute("spanflow.inflight") != null) {
            inFlight.decrementAndGet();
          }
        });
    javalin.exception(
        IngestException.class,
        (e, ctx) ->
            ctx.status(e.kind().httpStatus()).contentType("text/plain").result(e.getMessage()));
    for (Route r : routes) {
      javalin.addHttpHandler(r.method(), r.path(), r.handler());
    }
    javalin.start();
    app = javalin;
    LOG.info("{} listening on {}:{}", name, host, javalin.port());
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public CheckResult check() {
    return app != null && !draining ? CheckResult.ok() : CheckResult.failed(name + " not serving");
  }

  @Override
  public void close() {
    Javalin javalin = app;
    if (javalin == null || draining) {
      return;
    }
    draining = true;
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        TimeUnit.MILLISECONDS.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.get() > 0) {
      LOG.warn("{}: {} requests still in flight after {}", name, inFlight.get(), drainTimeout);
    }
    javalin.stop();
  }

  /** A route: method, path, handler. */
  public record Route(HandlerType method, String path, Handler handler) {}

  /** What to answer once the spans are in Kafka. */
  public record Reply(int status, String contentType, byte[] body) {
    public static Reply accepted() {
      return new Reply(202, null, null);
    }
  }

  /** Listener settings; defaults: all interfaces, 4 MiB bodies, 20 s drain. */
  public static final class Builder {
    private final String name;
    private String host = "0.0.0.0";
    private int port;
    private long maxRequestBytes = 4L * 1024 * 1024;
    private Duration drainTimeout = Duration.ofSeconds(20);
    private final List<Route> routes = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Host (empty = all interfaces) and port (0 = any free port). */
    public Builder listen(String host, int port) {
      this.host = host == null || host.isEmpty() ? "0.0.0.0" : host;
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Largest accepted body, compressed and decompressed; larger ones get 413. */
    public Builder maxRequestBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxRequestBytes must be positive");
      }
      this.maxRequestBytes = bytes;
      return this;
    }

    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = Objects.requireNonNull(timeout, "drainTimeout");
      return this;
    }

    public Builder route(HandlerType method, String path, Handler handler) {
      routes.add(new Route(method, path, handler));
      return this;
    }

    public long maxRequestBytes() {
      return maxRequestBytes;
    }

    public IngestHttpServer build() {
      if (routes.isEmpty()) {
        throw new IllegalStateException(name + ": no routes");
      }
      return new IngestHttpServer(this);
    }
  }
}
