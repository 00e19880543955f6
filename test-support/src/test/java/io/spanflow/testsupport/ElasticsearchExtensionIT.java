package io.spanflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchExtensionIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void injectsTheSharedNode(ElasticsearchHandle es) {
    assertThat(es.httpUrl())
        .isEqualTo(SharedElasticsearch.httpUrl())
        .matches("http://127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void nodeIndexesAndFindsADocument(ElasticsearchHandle es) throws Exception {
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(es.httpUrl() + "/extension-it/_doc/1?refresh=true"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"service\":\"frontend\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isIn(200, 201);

    HttpResponse<String> count =
        http.send(
            HttpRequest.newBuilder(URI.create(es.httpUrl() + "/extension-it/_count")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(count.statusCode()).isEqualTo(200);
    assertThat(count.body()).contains("\"count\":1");
  }
}
