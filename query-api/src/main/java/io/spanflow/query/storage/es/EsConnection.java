package io.spanflow.query.storage.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * The Elasticsearch client the readers share. Connecting is lazy, so a cluster that is down at
 * start-up does not stop the query service; {@link #check()} reports it (cluster health, since the
 * minimal distribution has no {@code GET /}).
 */
public final class EsConnection implements Component {

  private final List<String> serverUrls;
  private final RestClient restClient;
  private final ElasticsearchClient client;
  private volatile boolean closed;

  private EsConnection(Builder b) {
    this.serverUrls = List.copyOf(b.serverUrls);
    RestClientBuilder rest =
        RestClient.builder(serverUrls.stream().map(HttpHost::create).toArray(HttpHost[]::new))
            .setRequestConfigCallback(
                rc ->
                    rc.setConnectTimeout((int) b.timeout.toMillis())
                        .setSocketTimeout((int) b.timeout.toMillis()));
    if (b.username != null && !b.username.isEmpty()) {
      BasicCredentialsProvider credentials = new BasicCredentialsProvider();
      credentials.setCredentials(
          AuthScope.ANY, new UsernamePasswordCredentials(b.username, b.password));
      rest.setHttpClientConfigCallback(h -> h.setDefaultCredentialsProvider(credentials));
    }
    this.restClient = rest.build();
    this.client =
        new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
  }

  public static Builder builder() {
    return new Builder();
  }

  public ElasticsearchClient client() {
    return client;
  }

  @Override
  public String name() {
    return "elasticsearch";
  }

  @Override
  public void start() {
    // Lazy: the first query or check connects.
  }

  @Override
  public CheckResult check() {
    if (closed) {
      return CheckResult.failed("closed");
    }
    try {
      HealthResponse health = client.cluster().health();
      if (health.status() == co.elastic.clients.elasticsearch._types.HealthStatus.Red) {
        return CheckResult.failed("cluster status red");
      }
      return CheckResult.ok();
    } catch (IOException | RuntimeException e) {
      return CheckResult.failed(
          "elasticsearch unreachable at " + serverUrls + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      restClient.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
  }

  @Override
  public String toString() {
    return "EsConnection{serverUrls=" + serverUrls + '}';
  }

  /** Server URLs are required; timeout defaults to 10s; credentials are optional. */
  public static final class Builder {
    private List<String> serverUrls = List.of("http://127.0.0.1:9200");
    private String username;
    private String password;
    private Duration timeout = Duration.ofSeconds(10);

    private Builder() {}

    public Builder serverUrls(List<String> serverUrls) {
      if (serverUrls.isEmpty()) {
        throw new IllegalArgumentException("at least one server URL is needed");
      }
      this.serverUrls = List.copyOf(serverUrls);
      return this;
    }

    public Builder credentials(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout);
      return this;
    }

    public EsConnection build() {
      return new EsConnection(this);
    }
  }
}
