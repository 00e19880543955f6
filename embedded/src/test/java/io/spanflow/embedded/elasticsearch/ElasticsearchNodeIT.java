package io.spanflow.embedded.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
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

  private static final String INDEX = "spans-2026-11-21";

  @TempDir Path tmp;

  @Test
  void templateBulkAndSearchThroughTheJavaClient_childGoneAfterClose_dataKeptAcrossRestart()
      throws Exception {
    Path dir = tmp.resolve("es");
    ProcessHandle firstChild;
    // C1 only: a cheaper start; ElasticsearchNode's defaults are exercised by the next test.
    try (ElasticsearchNode first = node(dir)) {
      first.start();
      assertThat(first.httpUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(first.check().healthy()).isTrue();
      firstChild = first.processHandle().orElseThrow();
      assertThat(firstChild.isAlive()).isTrue();

      withClient(
          first,
          client -> {
            client
                .indices()
                .putIndexTemplate(t -> t.name("spans").withJson(new StringReader(TEMPLATE)));

            BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
            List<Map<String, Object>> docs =
                List.of(
                    Map.of("service", "frontend", "operation", "GET /", "durationMicros", 1200),
                    Map.of("service", "backend", "operation", "query", "durationMicros", 800),
                    Map.of(
                        "service", "frontend", "operation", "POST /order", "durationMicros", 4500));
            for (int i = 0; i < docs.size(); i++) {
              String id = "span-" + i;
              Map<String, Object> doc = docs.get(i);
              bulk.operations(op -> op.index(ix -> ix.index(INDEX).id(id).document(doc)));
            }
            BulkResponse response = client.bulk(bulk.build());
            assertThat(response.errors()).isFalse();
            assertThat(response.items()).hasSize(3);

            IndexMappingRecord mapping =
                client.indices().getMapping(m -> m.index(INDEX)).get(INDEX);
            assertThat(mapping.mappings().properties().get("service").isKeyword()).isTrue();

            assertThat(frontendOperations(client)).containsExactly("GET /", "POST /order");
          });
    }
    assertThat(firstChild.isAlive()).isFalse();

    try (ElasticsearchNode second = node(dir)) {
      second.start();
      withClient(
          second,
          client -> assertThat(frontendOperations(client)).containsExactly("GET /", "POST /order"));
    }
  }

  private static ElasticsearchNode node(Path dir) {
    return ElasticsearchNode.builder().dir(dir).jvmOption("-XX:TieredStopAtLevel=1").build();
  }

  /** Operations of the frontend's spans, shortest first. */
  private static List<Object> frontendOperations(ElasticsearchClient client) throws Exception {
    @SuppressWarnings("rawtypes")
    SearchResponse<Map> frontend =
        client.search(
            s ->
                s.index("spans-*")
                    .query(q -> q.term(t -> t.field("service").value("frontend")))
                    .sort(o -> o.field(f -> f.field("durationMicros"))),
            Map.class);
    assertThat(frontend.hits().total().value()).isEqualTo(2);
    List<Object> operations = new ArrayList<>();
    frontend.hits().hits().forEach(h -> operations.add(h.source().get("operation")));
    return operations;
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
