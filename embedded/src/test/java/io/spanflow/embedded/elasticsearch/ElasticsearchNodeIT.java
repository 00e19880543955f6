package io.spanflow.embedded.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.indices.get_mapping.IndexMappingRecord;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElasticsearchNodeIT {

  private static final String TEMPLATE =
      """
      {
        "index_patterns": ["spans-*"],
        "template": {
          "settings": {"number_of_shards": 1, "number_of_replicas": 0},
          "mappings": {
            "properties": {
              "service": {"type": "keyword"},
              "operation": {"type": "keyword"},
              "durationMicros": {"type": "long"}
            }
          }
        }
      }
      """;

  @TempDir Path tmp;

  @Test
  void indexTemplateBulkIndexAndSearchThroughTheJavaClient() throws Exception {
    try (ElasticsearchNode node = ElasticsearchNode.builder().build()) {
      node.start();
      assertThat(node.httpUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(node.check().healthy()).isTrue();

      try (RestClient rest = RestClient.builder(HttpHost.create(node.httpUrl())).build()) {
        ElasticsearchClient client =
            new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
        client
            .indices()
            .putIndexTemplate(t -> t.name("spans").withJson(new StringReader(TEMPLATE)));

        BulkRequest.Builder bulk = new BulkRequest.Builder();
        List<Map<String, Object>> docs =
            List.of(
                Map.of("service", "frontend", "operation", "GET /", "durationMicros", 1200),
                Map.of("service", "backend", "operation", "query", "durationMicros", 800),
                Map.of("service", "frontend", "operation", "POST /order", "durationMicros", 4500));
        for (int i = 0; i < docs.size(); i++) {
          String id = "span-" + i;
          Map<String, Object> doc = docs.get(i);
          bulk.operations(op -> op.index(ix -> ix.index("spans-2026-11-21").id(id).document(doc)));
        }
        BulkResponse response =
            client.bulk(bulk.refresh(co.elastic.clients.elasticsearch._types.Refresh.True).build());
        assertThat(response.errors()).isFalse();

        IndexMappingRecord mapping =
            client.indices().getMapping(m -> m.index("spans-2026-11-21")).get("spans-2026-11-21");
        assertThat(mapping.mappings().properties().get("service").isKeyword()).isTrue();

        @SuppressWarnings("rawtypes")
        SearchResponse<Map> frontend =
            client.search(
                s ->
                    s.index("spans-*")
                        .query(q -> q.term(t -> t.field("service").value("frontend")))
                        .sort(o -> o.field(f -> f.field("durationMicros"))),
                Map.class);
        assertThat(frontend.hits().total().value()).isEqualTo(2);
        assertThat(frontend.hits().hits())
            .extracting(h -> h.source().get("operation"))
            .containsExactly("GET /", "POST /order");
      }
    }
  }

  @Test
  void childIsGoneAfterCloseAndDataPersistsAcrossRestart() throws Exception {
    Path dir = tmp.resolve("es");
    ProcessHandle firstChild;
    try (ElasticsearchNode first = ElasticsearchNode.builder().dir(dir).build()) {
      first.start();
      firstChild = first.processHandle().orElseThrow();
      assertThat(firstChild.isAlive()).isTrue();
      withClient(
          first,
          client ->
              client.index(
                  i ->
                      i.index("kept")
                          .id("1")
                          .document(Map.of("service", "frontend"))
                          .refresh(co.elastic.clients.elasticsearch._types.Refresh.True)));
    }
    assertThat(firstChild.isAlive()).isFalse();
    assertThat(dir.resolve("data")).isDirectory();

    try (ElasticsearchNode second = ElasticsearchNode.builder().dir(dir).build()) {
      second.start();
      withClient(
          second,
          client -> {
            @SuppressWarnings("rawtypes")
            var doc = client.get(g -> g.index("kept").id("1"), Map.class);
            assertThat(doc.found()).isTrue();
            assertThat(doc.source()).containsEntry("service", "frontend");
          });
    }
  }

  @Test
  void childDiesWhenItsParentIsKilled() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process parent =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                ElasticsearchParentProcess.class.getName(),
                tmp.resolve("orphan").toString())
            .redirectErrorStream(true)
            .start();
    long childPid = -1;
    List<String> output = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.add(line);
        if (line.startsWith(ElasticsearchParentProcess.CHILD_PID)) {
          childPid = Long.parseLong(line.substring(ElasticsearchParentProcess.CHILD_PID.length()));
          break;
        }
      }
      assertThat(childPid).as("parent output: %s", output).isPositive();
      ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
      assertThat(child.isAlive()).isTrue();

      parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
      assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();

      await().atMost(Duration.ofSeconds(60)).until(() -> !child.isAlive());
    } finally {
      parent.destroyForcibly();
      if (childPid > 0) {
        ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private interface ClientAction {
    void run(ElasticsearchClient client) throws Exception;
  }

  private static void withClient(ElasticsearchNode node, ClientAction action) throws Exception {
    try (RestClient rest = RestClient.builder(HttpHost.create(node.httpUrl())).build()) {
      action.run(new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper())));
    }
  }
}
