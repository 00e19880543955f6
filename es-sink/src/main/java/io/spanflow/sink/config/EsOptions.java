package io.spanflow.sink.config;

import io.spanflow.schemas.es.IndexDateLayout;
import io.spanflow.sink.es.EsConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Elasticsearch connection and index naming options, shared by the sink and the cleaner. */
public final class EsOptions {

  @Option(
      names = "--es.server-urls",
      split = ",",
      defaultValue = "http://127.0.0.1:9200",
      description = "Comma-separated Elasticsearch node URLs. Default: ${DEFAULT-VALUE}.")
  List<String> serverUrls;

  @Option(names = "--es.username", description = "Basic auth user name.")
  String username;

  @Option(names = "--es.password", description = "Basic auth password.")
  String password;

  @Option(
      names = "--es.token-file",
      description = "File holding a bearer token, sent as 'Authorization: Bearer'.")
  Path tokenFile;

  @Option(
      names = "--es.api-key",
      description = "Elasticsearch API key (base64 'id:key'), sent as 'Authorization: ApiKey'.")
  String apiKey;

  @Option(names = "--es.tls.ca", description = "CA certificate (PEM) to trust for https URLs.")
  Path tlsCa;

  @Option(
      names = "--es.timeout",
      defaultValue = "30s",
      description = "Timeout of each Elasticsearch request. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(
      names = "--es.index-prefix",
      defaultValue = "",
      description = "Prefix of every index and template name (joined with '-').")
  String indexPrefix;

  @Option(
      names = "--es.index-date-separator",
      defaultValue = "-",
      description = "Separator of the date parts in index names. Default: '${DEFAULT-VALUE}'.")
  String indexDateSeparator;

  @Option(
      names = "--es.index-rollover-frequency",
      defaultValue = "day",
      description = "New time-based indices every 'day' or 'hour'. Default: ${DEFAULT-VALUE}.")
  String rolloverFrequency;

  public EsConnection connection() {
    String token = null;
    if (tokenFile != null) {
      try {
        token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --es.token-file " + tokenFile, e);
      }
    }
    return new EsConnection(serverUrls, username, password, apiKey, token, tlsCa, timeout);
  }

  public IndexDateLayout dateLayout() {
    return IndexDateLayout.of(indexDateSeparator, rolloverFrequency);
  }

  public String indexPrefix() {
    return indexPrefix;
  }

  @Override
  public String toString() {
    return connection() + ", prefix='" + indexPrefix + "', " + dateLayout();
  }
}
