package io.spanflow.testsupport;

import java.util.Objects;

/**
 * What a test needs to reach the shared Elasticsearch node; injected by {@link
 * ElasticsearchExtension}.
 *
 * @param httpUrl {@code http://127.0.0.1:port}
 */
public record ElasticsearchHandle(String httpUrl) {
  public ElasticsearchHandle {
    Objects.requireNonNull(httpUrl, "httpUrl");
  }
}
