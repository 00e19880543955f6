package io.spanflow.sink.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** Builds an {@link ElasticsearchClient} (low-level REST client transport) for a connection. */
public final class EsClients {

  private EsClients() {}

  /**
   * @throws java.io.UncheckedIOException when the CA file cannot be read
   */
  public static ElasticsearchClient create(EsConnection connection) {
    HttpHost[] hosts =
        connection.serverUrls().stream().map(HttpHost::create).toArray(HttpHost[]::new);
    RestClientBuilder builder = RestClient.builder(hosts);
    int timeoutMillis = Math.toIntExact(connection.timeout().toMillis());
    builder.setRequestConfigCallback(
        rc ->
            rc.setConnectTimeout(Math.min(timeoutMillis, 10_000)).setSocketTimeout(timeoutMillis));

    List<Header> headers = new ArrayList<>();
    if (connection.apiKey() != null) {
      headers.add(new BasicHeader("Authorization", "ApiKey " + connection.apiKey()));
    } else if (connection.bearerToken() != null) {
      headers.add(new BasicHeader("Authorization", "Bearer " + connection.bearerToken()));
    }
    if (!headers.isEmpty()) {
      builder.setDefaultHeaders(headers.toArray(Header[]::new));
    }
    SSLContext ssl = null;
    if (connection.tlsCa() != null) {
      try {
        ssl = TransportUtils.sslContextFromHttpCaCrt(connection.tlsCa().toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read CA file " + connection.tlsCa(), e);
      }
    }
    SSLContext finalSsl = ssl;
    BasicCredentialsProvider credentials = null;
    if (connection.username() != null && connection.apiKey() == null) {
      credentials = new BasicCredentialsProvider();
      credentials.setCredentials(
          AuthScope.ANY,
          new UsernamePasswordCredentials(
              connection.username(), connection.password() == null ? "" : connection.password()));
    }
    BasicCredentialsProvider finalCredentials = credentials;
    builder.setHttpClientConfigCallback(
        http -> {
          if (finalSsl != null) {
            http.setSSLContext(finalSsl);
          }
          if (finalCredentials != null) {
            http.setDefaultCredentialsProvider(finalCredentials);
          }
          return http.setMaxConnTotal(64).setMaxConnPerRoute(32);
        });
    RestClient rest = builder.build();
    return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
  }
}
