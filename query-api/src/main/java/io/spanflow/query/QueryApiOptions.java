package io.spanflow.query;

import io.spanflow.runtime.admin.HostPort;
import io.spanflow.runtime.config.AdminOptions;
import io.spanflow.runtime.config.HostPortConverter;
import io.spanflow.runtime.config.LoggingOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags of {@code spanflow-query}, with Jaeger's names and defaults where Jaeger had them. */
public final class QueryApiOptions {

  @Mixin AdminOptions admin = new AdminOptions(16687);

  @Mixin LoggingOptions logging = new LoggingOptions();

  @Option(
      names = "--query.http-server.host-port",
      paramLabel = "HOST:PORT",
      converter = HostPortConverter.class,
      defaultValue = ":16686",
      description = "Address of the HTTP API.")
  HostPort httpHostPort;

  @Option(
      names = "--query.base-path",
      defaultValue = "/",
      description = "Path prefix of every route, e.g. /jaeger behind an ingress.")
  String basePath;

  @Option(
      names = "--query.max-clock-skew-adjustment",
      defaultValue = "0s",
      description =
          "Largest shift applied to span timestamps to correct clock skew; 0s disables it.")
  Duration maxClockSkewAdjustment;

  @Option(
      names = "--query.cors.allowed-origins",
      split = ",",
      description = "Origins allowed by CORS ('*' for any); none by default.")
  List<String> corsAllowedOrigins = new ArrayList<>();

  @Option(
      names = "--query.bearer-token-file",
      description = "File of accepted bearer tokens, one per line; when set, /api needs one.")
  Path bearerTokenFile;

  @Option(
      names = "--query.http.tls.enabled",
      defaultValue = "false",
      description = "Serve the HTTP API and UI over HTTPS only (needs the cert and key flags).")
  boolean tlsEnabled;

  @Option(
      names = "--query.http.tls.cert",
      description = "PEM certificate (chain) of the HTTPS server.")
  Path tlsCert;

  @Option(
      names = "--query.http.tls.key",
      description = "PEM private key (unencrypted PKCS#8) of the HTTPS server.")
  Path tlsKey;

  @Option(
      names = "--query.http.tls.client-ca",
      description =
          "PEM CA certificates; when set, clients must present a certificate they signed.")
  Path tlsClientCa;

  @Option(
      names = "--query.metrics.enabled",
      defaultValue = "true",
      description = "Serve /api/metrics from the spanflow-span-metrics indices.")
  boolean metricsEnabled;

  @Option(
      names = "--es.server-urls",
      split = ",",
      defaultValue = "http://127.0.0.1:9200",
      description = "Elasticsearch URLs, comma separated.")
  List<String> esServerUrls;

  @Option(names = "--es.username", description = "Basic auth user name.")
  String esUsername;

  @Option(names = "--es.password", description = "Basic auth password.")
  String esPassword;

  @Option(
      names = "--es.timeout",
      defaultValue = "30s",
      description = "Elasticsearch request timeout.")
  Duration esTimeout;

  @Option(names = "--es.index-prefix", defaultValue = "", description = "Index name prefix.")
  String esIndexPrefix;

  @Option(
      names = "--es.index-date-separator",
      defaultValue = "-",
      description = "Separator of the date parts in index names.")
  String esIndexDateSeparator;

  @Option(
      names = "--es.use-aliases",
      defaultValue = "false",
      description = "Read through the [prefix-]jaeger-*-read aliases (rollover) instead of dates.")
  boolean esUseAliases;

  @Option(
      names = "--es.max-span-age",
      defaultValue = "72h",
      description = "How far back trace-by-id and the service list look.")
  Duration esMaxSpanAge;

  @Override
  public String toString() {
    return "QueryApiOptions{"
        + admin
        + ", query.http-server.host-port="
        + httpHostPort
        + ", query.base-path="
        + basePath
        + ", query.max-clock-skew-adjustment="
        + maxClockSkewAdjustment
        + ", query.cors.allowed-origins="
        + corsAllowedOrigins
        + ", query.bearer-token-file="
        + bearerTokenFile
        + ", query.http.tls.enabled="
        + tlsEnabled
        + ", query.http.tls.cert="
        + tlsCert
        + ", query.http.tls.client-ca="
        + tlsClientCa
        + ", es.server-urls="
        + esServerUrls
        + ", es.index-prefix="
        + esIndexPrefix
        + ", es.use-aliases="
        + esUseAliases
        + ", es.max-span-age="
        + esMaxSpanAge
        + '}';
  }
}
