package io.spanflow.sink.es;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach Elasticsearch: one or more node URLs and optional credentials (basic auth, API key
 * or bearer token) and CA file for TLS.
 */
public record EsConnection(
    List<String> serverUrls,
    String username,
    String password,
    String apiKey,
    String bearerToken,
    Path tlsCa,
    Duration timeout) {

  public EsConnection {
    serverUrls = List.copyOf(serverUrls);
    if (serverUrls.isEmpty()) {
      throw new IllegalArgumentException("at least one Elasticsearch URL is needed");
    }
    Objects.requireNonNull(timeout, "timeout");
  }

  /** An unauthenticated connection to the given URLs with a 30 s request timeout. */
  public static EsConnection of(String... serverUrls) {
    return new EsConnection(
        List.of(serverUrls), null, null, null, null, null, Duration.ofSeconds(30));
  }

  @Override
  public String toString() {
    // Never print secrets.
    return "EsConnection{serverUrls="
        + serverUrls
        + ", auth="
        + (apiKey != null
            ? "api-key"
            : bearerToken != null ? "bearer" : username != null ? "basic" : "none")
        + ", tlsCa="
        + tlsCa
        + ", timeout="
        + timeout
        + "}";
  }
}
