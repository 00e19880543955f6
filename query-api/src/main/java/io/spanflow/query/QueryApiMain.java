package io.spanflow.query;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.query.app.QueryApp;
import io.spanflow.query.app.QueryHttpServer;
import io.spanflow.query.app.QueryOptions;
import io.spanflow.query.app.QueryServices;
import io.spanflow.query.app.TlsFiles;
import io.spanflow.query.storage.es.EsConnection;
import io.spanflow.query.storage.es.EsDependencyReader;
import io.spanflow.query.storage.es.EsMetricsReader;
import io.spanflow.query.storage.es.EsReaderOptions;
import io.spanflow.query.storage.es.EsSpanReader;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.admin.AdminServer;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.metrics.Metrics;
import io.spanflow.schemas.es.IndexDateLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code spanflow-query}: the Jaeger query API on Elasticsearch. Only wiring lives here. */
public final class QueryApiMain {

  private QueryApiMain() {}

  public static void main(String[] args) {
    QueryApiOptions options = ConfigBinder.bind("spanflow-query", new QueryApiOptions(), args);
    options.logging.apply();
    build(options, true).run();
  }

  /**
   * The query service bound from flags, not started; the all-in-one runs it inside its own
   * application, without a shutdown hook of its own.
   */
  public static Application application(String[] args, boolean installShutdownHook) {
    return build(
        ConfigBinder.bind("spanflow-query", new QueryApiOptions(), args), installShutdownHook);
  }

  /** The whole process, unstarted; tests start and close it without a shutdown hook. */
  public static Application build(QueryApiOptions options, boolean installShutdownHook) {
    PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
    EsConnection es =
        EsConnection.builder()
            .serverUrls(options.esServerUrls)
            .credentials(options.esUsername, options.esPassword)
            .timeout(options.esTimeout)
            .build();
    EsReaderOptions readerOptions =
        EsReaderOptions.builder()
            .indexPrefix(options.esIndexPrefix)
            .spanDateLayout(IndexDateLayout.daily(options.esIndexDateSeparator))
            .serviceDateLayout(IndexDateLayout.daily(options.esIndexDateSeparator))
            .dependenciesDateLayout(IndexDateLayout.daily(options.esIndexDateSeparator))
            .useReadAliases(options.esUseAliases)
            .maxSpanAge(options.esMaxSpanAge)
            .build();
    Clock clock = Clock.systemUTC();
    QueryServices.Builder services =
        QueryServices.builder()
            .spans(new EsSpanReader(es.client(), readerOptions, clock, registry))
            .dependencies(new EsDependencyReader(es.client(), readerOptions, registry))
            .clock(clock)
            .meterRegistry(registry);
    if (options.metricsEnabled) {
      services.metrics(new EsMetricsReader(es.client(), readerOptions, registry));
    }
    QueryOptions queryOptions =
        QueryOptions.builder()
            .basePath(options.basePath)
            .maxClockSkewAdjustment(options.maxClockSkewAdjustment)
            .corsAllowedOrigins(options.corsAllowedOrigins)
            .bearerTokens(readTokens(options))
            .tls(tlsFiles(options))
            .build();
    QueryHttpServer http =
        new QueryHttpServer(
            QueryApp.create(services.build(), queryOptions),
            options.httpHostPort.host(),
            options.httpHostPort.port());
    AdminServer admin =
        AdminServer.builder().hostPort(options.admin.hostPort()).registry(registry).build();
    return Application.builder("spanflow-query")
        .admin(admin)
        .component(es)
        .component(http)
        .installShutdownHook(installShutdownHook)
        .build();
  }

  /** As Jaeger: TLS files without {@code --query.http.tls.enabled} are a mistake, not ignored. */
  static TlsFiles tlsFiles(QueryApiOptions options) {
    if (!options.tlsEnabled) {
      if (options.tlsCert != null || options.tlsKey != null || options.tlsClientCa != null) {
        throw new IllegalArgumentException(
            "--query.http.tls.cert/key/client-ca are set but --query.http.tls.enabled is false");
      }
      return null;
    }
    if (options.tlsCert == null || options.tlsKey == null) {
      throw new IllegalArgumentException(
          "--query.http.tls.enabled needs --query.http.tls.cert and --query.http.tls.key");
    }
    return new TlsFiles(options.tlsCert, options.tlsKey, options.tlsClientCa);
  }

  private static Set<String> readTokens(QueryApiOptions options) {
    if (options.bearerTokenFile == null) {
      return Set.of();
    }
    try {
      Set<String> tokens =
          Files.readAllLines(options.bearerTokenFile).stream()
              .map(String::trim)
              .filter(t -> !t.isEmpty() && !t.startsWith("#"))
              .collect(Collectors.toSet());
      if (tokens.isEmpty()) {
        throw new IllegalArgumentException(
            "--query.bearer-token-file " + options.bearerTokenFile + " holds no token");
      }
      return tokens;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read --query.bearer-token-file " + options.bearerTokenFile, e);
    }
  }
}
