package io.spanflow.query.app;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.Timer;
import io.spanflow.query.adjust.Adjuster;
import io.spanflow.query.adjust.Adjusters;
import io.spanflow.query.apiv3.ApiV3Handler;
import io.spanflow.query.dependencies.DependenciesHandler;
import io.spanflow.query.http.BadParameterException;
import io.spanflow.query.http.Envelope;
import io.spanflow.query.http.NotImplementedException;
import io.spanflow.query.metrics.MetricsHandler;
import io.spanflow.query.services.ServicesHandler;
import io.spanflow.query.storage.StorageUnavailableException;
import io.spanflow.query.traces.TracesHandler;
import io.spanflow.query.ui.WebUi;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the query service's Javalin app: every route, the exception mapping, CORS, bearer tokens,
 * the base path and per-endpoint request metrics are declared here and nowhere else. The app is
 * returned unstarted.
 */
public final class QueryApp {

  private static final Logger LOG = LoggerFactory.getLogger(QueryApp.class);
  private static final String STARTED_AT = "spanflow.startNanos";

  private QueryApp() {}

  public static Javalin create(QueryServices deps, QueryOptions options) {
    Adjuster adjuster = Adjusters.standard(options.maxClockSkewAdjustment());
    TracesHandler traces =
        new TracesHandler(deps.spans(), adjuster, deps.clock(), options.defaultTraceLookback());
    ServicesHandler services = new ServicesHandler(deps.spans());
    DependenciesHandler dependencies = new DependenciesHandler(deps.dependencies(), deps.clock());
    MetricsHandler metrics = new MetricsHandler(deps.metrics().orElse(null), deps.clock());
    ApiV3Handler v3 = new ApiV3Handler(deps.spans(), adjuster);

    List<ApiRoute> routes = new ArrayList<>();
    routes.add(ApiRoute.get("/api/services", "Service names", services::services));
    routes.add(
        ApiRoute.get(
                "/api/services/{service}/operations",
                "Operation names of a service",
                services::operationNames)
            .pathParam("service"));
    routes.add(
        ApiRoute.get(
                "/api/operations", "Operations of a service with span kinds", services::operations)
            .query("service", true)
            .query("spanKind", false));
    routes.add(
        ApiRoute.get("/api/traces", "Search traces, most recent first", traces::search)
            .query("service", false)
            .query("operation", false)
            .query("tags", false)
            .query("tag", false)
            .query("start", false)
            .query("end", false)
            .query("lookback", false)
            .query("minDuration", false)
            .query("maxDuration", false)
            .query("limit", false)
            .query("traceID", false));
    routes.add(
        ApiRoute.get("/api/traces/{traceID}", "One whole trace", traces::getTrace)
            .pathParam("traceID")
            .query("raw", false));
    routes.add(
        ApiRoute.get(
                "/api/dependencies", "Service graph of a time window", dependencies::dependencies)
            .query("endTs", false)
            .query("lookback", false)
            .query("service", false)
            .returns(
                "Edges summed over the window; errorCount is Spanflow's addition to Jaeger's link",
                OpenApiDocument.arrayOf(
                    OpenApiDocument.object(
                        "parent",
                        "string",
                        "child",
                        "string",
                        "callCount",
                        "integer",
                        "errorCount",
                        "integer"))));
    for (String kind : List.of("calls", "errors")) {
      routes.add(
          ApiRoute.get(
                  "/api/metrics/" + kind,
                  kind.equals("calls") ? "Call rates" : "Error rates",
                  kind.equals("calls") ? metrics::calls : metrics::errors)
              .metricsParams());
    }
    routes.add(
        ApiRoute.get("/api/metrics/latencies", "Latency quantiles", metrics::latencies)
            .metricsParams()
            .query("quantile", true));
    routes.add(ApiRoute.get("/api/metrics/minstep", "Smallest step", metrics::minStep));
    routes.add(ApiRoute.get("/api/v3/services", "Service names (OTLP API)", v3::services));
    routes.add(
        ApiRoute.get("/api/v3/operations", "Operations (OTLP API)", v3::operations)
            .query("service", true)
            .query("span_kind", false));
    routes.add(
        ApiRoute.get("/api/v3/traces/{trace_id}", "One trace as OTLP JSON", v3::getTrace)
            .pathParam("trace_id"));
    routes.add(
        ApiRoute.get("/api/v3/traces", "Search traces as OTLP JSON", v3::findTraces)
            .query("query.service_name", true)
            .query("query.operation_name", false)
            .query("query.start_time_min", false)
            .query("query.start_time_max", false)
            .query("query.duration_min", false)
            .query("query.duration_max", false)
            .query("query.search_depth", false));

    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.router.contextPath = options.basePath();
              config.router.ignoreTrailingSlashes = true;
              if (options.bindHost() != null) {
                config.jetty.defaultHost = options.bindHost();
              }
              if (options.tls() != null) {
                Https.enable(config, options.tls());
              }
              if (!options.corsAllowedOrigins().isEmpty()) {
                config.bundledPlugins.enableCors(
                    cors ->
                        cors.addRule(
                            rule -> {
                              if (options.corsAllowedOrigins().contains("*")) {
                                rule.anyHost();
                              } else {
                                List<String> o = options.corsAllowedOrigins();
                                rule.allowHost(
                                    o.get(0), o.subList(1, o.size()).toArray(new String[0]));
                              }
                            }));
              }
            });

    app.before(ctx -> ctx.attribute(STARTED_AT, System.nanoTime()));
    if (!options.bearerTokens().isEmpty()) {
      app.before("/api/*", ctx -> requireBearer(ctx, options));
    }
    for (ApiRoute r : routes) {
      app.addHttpHandler(HandlerType.GET, r.path(), r.handler());
    }
    String openApi =
        OpenApiDocument.render(routes, options.basePath(), !options.bearerTokens().isEmpty());
    app.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    WebUi.register(app, options.basePath());
    app.after(ctx -> recordLatency(ctx, deps));

    app.exception(
        BadParameterException.class,
        (e, ctx) -> Envelope.write(ctx, 400, Envelope.error(400, e.getMessage())));
    app.exception(
        NotImplementedException.class,
        (e, ctx) -> Envelope.write(ctx, 501, Envelope.error(501, e.getMessage())));
    app.exception(
        StorageUnavailableException.class,
        (e, ctx) -> {
          LOG.warn("storage unavailable on {}: {}", ctx.path(), e.getMessage());
          Envelope.write(ctx, 503, Envelope.error(503, "storage unavailable: " + e.getMessage()));
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("failed to serve {}", ctx.path(), e);
          Envelope.write(ctx, 500, Envelope.error(500, "internal error"));
        });
    return app;
  }

  private static void requireBearer(Context ctx, QueryOptions options) {
    if (ctx.method() == HandlerType.OPTIONS) {
      return; // CORS preflight carries no credentials
    }
    String header = ctx.header("Authorization");
    String prefix = "Bearer ";
    if (header != null && header.regionMatches(true, 0, prefix, 0, prefix.length())) {
      byte[] given = header.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8);
      for (String token : options.bearerTokens()) {
        if (MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
          return;
        }
      }
    }
    ctx.header("WWW-Authenticate", "Bearer");
    Envelope.write(ctx, 401, Envelope.error(401, "missing or invalid bearer token"));
    ctx.skipRemainingHandlers();
  }

  private static void recordLatency(Context ctx, QueryServices deps) {
    Long started = ctx.attribute(STARTED_AT);
    if (started == null) {
      return;
    }
    String endpoint = ctx.endpointHandlerPath();
    Timer.builder("spanflow_query_http_requests")
        .description("Query API requests by endpoint and status")
        .tag("endpoint", endpoint == null || endpoint.isEmpty() ? "unmatched" : endpoint)
        .tag("method", ctx.method().name())
        .tag("status", Integer.toString(ctx.statusCode()))
        .publishPercentileHistogram()
        .register(deps.meterRegistry())
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  /** One documented GET route; the OpenAPI document is rendered from these. */
  record ApiRoute(
      String path,
      String summary,
      Handler handler,
      List<Param> params,
      String dataDescription,
      com.fasterxml.jackson.databind.JsonNode dataSchema) {

    record Param(String name, String in, boolean required) {}

    static ApiRoute get(String path, String summary, Handler handler) {
      return new ApiRoute(path, summary, handler, new ArrayList<>(), null, null);
    }

    /** Documents the envelope's {@code data} of a 200 answer. */
    ApiRoute returns(String description, com.fasterxml.jackson.databind.JsonNode schema) {
      return new ApiRoute(path, summary, handler, params, description, schema);
    }

    ApiRoute query(String name, boolean required) {
      params.add(new Param(name, "query", required));
      return this;
    }

    ApiRoute pathParam(String name) {
      params.add(new Param(name, "path", true));
      return this;
    }

    ApiRoute metricsParams() {
      return query("service", true)
          .query("groupByOperation", false)
          .query("spanKind", false)
          .query("endTs", false)
          .query("lookback", false)
          .query("step", false)
          .query("ratePer", false);
    }
  }
}
