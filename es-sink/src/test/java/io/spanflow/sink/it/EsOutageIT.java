package io.spanflow.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.spanflow.embedded.elasticsearch.ElasticsearchNode;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.es.DocumentIds;
import io.spanflow.sink.consume.EsSinkConsumer;
import io.spanflow.testsupport.SharedKafka;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Elasticsearch stops mid-stream and comes back: every record lands exactly once. */
class EsOutageIT {

  private static final Instant DAY = Instant.parse("2026-11-21T12:00:00Z");

  @TempDir Path dir;

  @Test
  void everyRecordLandsExactlyOnceAcrossAnElasticsearchRestart() throws Exception {
    ElasticsearchNode node = ElasticsearchNode.builder().name("es-outage").dir(dir).build();
    node.start();
    int port = URI.create(node.httpUrl()).getPort();
    try (SinkTestKit kit = new SinkTestKit(SharedKafka.bootstrapServers(), node.httpUrl())) {
      EsSinkConsumer sink = kit.startSink("outage-" + kit.prefix, SinkTestKit.fastBulk());
      String index = kit.prefix + "-jaeger-span-2026-11-21";
      Set<String> expected = new HashSet<>();

      for (int i = 0; i < 300; i++) {
        Span s = SinkTestKit.span(i, 10_000 + i, DAY, "svc");
        expected.add(DocumentIds.spanDocumentId(s));
        kit.sendSpan(s);
      }
      kit.producer.flush();
      kit.awaitCount(index, 300);

      node.close();
      for (int i = 300; i < 1300; i++) {
        Span s = SinkTestKit.span(i, 10_000 + i, DAY, "svc");
        expected.add(DocumentIds.spanDocumentId(s));
        kit.sendSpan(s);
      }
      kit.producer.flush();
      await().atMost(Duration.ofMinutes(1)).until(() -> !sink.check().healthy());
      assertThat(sink.metrics().retriedCount()).isPositive();

      node = ElasticsearchNode.builder().name("es-outage").dir(dir).httpPort(port).build();
      node.start();

      kit.awaitCount(index, 1300);
      await().atMost(Duration.ofMinutes(1)).until(() -> sink.check().healthy());
      SearchResponse<JsonNode> ids =
          kit.es.search(
              s -> s.index(index).size(2000).source(src -> src.fetch(false)), JsonNode.class);
      Set<String> landed = new HashSet<>();
      ids.hits().hits().forEach(h -> landed.add(h.id()));
      assertThat(landed).isEqualTo(expected);
      assertThat(sink.metrics().deadLetteredCount()).isZero();
    } finally {
      node.close();
    }
  }
}
