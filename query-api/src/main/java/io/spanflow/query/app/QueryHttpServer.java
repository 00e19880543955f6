package io.spanflow.query.app;

import io.javalin.Javalin;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.util.Objects;

/** The query HTTP server as a lifecycle component: starts the Javalin app, stops it on close. */
public final class QueryHttpServer implements Component {

  private final Javalin app;
  private final String host;
  private final int port;
  private volatile boolean started;
  private volatile boolean closed;

  /**
   * @param host empty or null for every interface
   */
  public QueryHttpServer(Javalin app, String host, int port) {
    this.app = Objects.requireNonNull(app, "app");
    this.host = host == null || host.isEmpty() ? "0.0.0.0" : host;
    this.port = port;
  }

  @Override
  public String name() {
    return "query-http";
  }

  @Override
  public void start() {
    app.start(host, port);
    started = true;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public CheckResult check() {
    if (closed) {
      return CheckResult.failed("stopped");
    }
    return started ? CheckResult.ok() : CheckResult.failed("not started");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    app.stop();
  }

  @Override
  public String toString() {
    return "QueryHttpServer{" + host + ":" + port + '}';
  }
}
