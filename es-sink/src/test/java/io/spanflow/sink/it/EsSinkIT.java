package io.spanflow.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.es.DocumentIds;
import io.spanflow.schemas.es.IndexDateLayout;
import io.spanflow.schemas.es.IndexTemplates;
import io.spanflow.schemas.es.IndexedSpanRecords;
import io.spanflow.schemas.es.SpanDocumentMapper;
import io.spanflow.sink.consume.EsSinkConsumer;
import io.spanflow.sink.dlq.DeadLetterHeaders;
import io.spanflow.sink.es.IndexCleaner;
import io.spanflow.sink.es.TemplateInstaller;
import io.spanflow.testsupport.SharedElasticsearch;
import io.spanflow.testsupport.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink against the real broker and a real Elasticsearch node. */
class EsSinkIT {

  private static final Instant DAY1 = Instant.parse("2026-11-20T23:59:59.500Z");
  private static final Instant DAY2 = Instant.parse("2026-11-21T00:00:01Z");

  private SinkTestKit kit;

  @BeforeEach
  void kit() {
    // Each kit has its own topics and index prefix, so the shared node is safe to reuse.
    kit = new SinkTestKit(SharedKafka.bootstrapServers(), SharedElasticsearch.httpUrl());
  }

  @AfterEach
  void close() throws Exception {
    kit.close();
  }

  @Test
  void documentsLandInTheirDailyIndexWithJaegersMapping() throws Exception {
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      spans.add(SinkTestKit.span(i, 1000 + i, i % 2 == 0 ? DAY1 : DAY2, "frontend"));
    }
    spans.forEach(kit::sendSpan);
    kit.send(
        kit.topics.serviceOperations(),
        "k1",
        "{\"serviceName\":\"frontend\",\"operationName\":\"op-1\",\"spanKind\":\"server\",\"timestamp\":"
            + DAY2.toEpochMilli()
            + "}",
        "jaeger-service-2026-11-21");
    kit.send(
        kit.topics.dependencyLinks(),
        "k2",
        "{\"parent\":\"frontend\",\"child\":\"backend\",\"callCount\":4,\"source\":\"jaeger\",\"timestamp\":"
            + DAY2.toEpochMilli()
            + "}",
        "jaeger-dependencies-2026-11-21");
    kit.send(
        kit.topics.spanMetrics(),
        "k3",
        "{\"serviceName\":\"frontend\",\"operationName\":\"op-1\",\"spanKind\":\"server\",\"timestamp\":"
            + DAY2.toEpochMilli()
            + ",\"callCount\":3,\"errorCount\":1,\"durationSumMicros\":4500,"
            + "\"durationMinMicros\":1000,\"durationMaxMicros\":2000,\"latencyBoundsMicros\":[1000,2000],"
            + "\"latencyCounts\":[1,2,0],\"p50Micros\":1500}",
        "spanflow-span-metrics-2026-11-21");
    kit.producer.flush();

    EsSinkConsumer sink =
        kit.startSink(SinkTestKit.class.getSimpleName() + kit.prefix, SinkTestKit.fastBulk());

    String p = kit.prefix + "-";
    kit.awaitCount(p + "jaeger-span-2026-11-20", 15);
    kit.awaitCount(p + "jaeger-span-2026-11-21", 15);
    kit.awaitCount(p + "jaeger-service-2026-11-21", 1);
    kit.awaitCount(p + "jaeger-dependencies-2026-11-21", 1);
    kit.awaitCount(p + "spanflow-span-metrics-2026-11-21", 1);
    assertThat(sink.metrics().indexedCount("jaeger-span")).isEqualTo(30);
    assertThat(sink.check().healthy()).isTrue();

    Map<String, Property> props =
        kit.es
            .indices()
            .getMapping(m -> m.index(p + "jaeger-span-2026-11-21"))
            .get(p + "jaeger-span-2026-11-21")
            .mappings()
            .properties();
    assertThat(props.get("traceID").isKeyword()).isTrue();
    assertThat(props.get("tags").isNested()).isTrue();
    assertThat(props.get("logs").isNested()).isTrue();
    assertThat(props.get("references").isNested()).isTrue();
    assertThat(props.get("startTime").isLong()).isTrue();
    assertThat(props.get("startTimeMillis").isDate()).isTrue();
    assertThat(props.get("duration").isLong()).isTrue();

    // What ES stores is the document as produced: it reads back into the same span.
    Span first = spans.get(1);
    GetResponse<JsonNode> got =
        kit.es.get(
            g -> g.index(p + "jaeger-span-2026-11-21").id(DocumentIds.spanDocumentId(first)),
            JsonNode.class);
    assertThat(got.found()).isTrue();
    assertThat(SpanDocumentMapper.fromDocument(got.source())).isEqualTo(first);
  }

  @Test
  void replayingTheSameOffsetsLeavesTheCountUnchanged() throws Exception {
    for (int i = 0; i < 50; i++) {
      kit.sendSpan(SinkTestKit.span(100 + i, 2000 + i, DAY2, "backend"));
    }
    kit.producer.flush();
    EsSinkConsumer first = kit.startSink("first-" + kit.prefix, SinkTestKit.fastBulk());
    String index = kit.prefix + "-jaeger-span-2026-11-21";
    kit.awaitCount(index, 50);
    first.close();

    // A new group reads every offset again.
    EsSinkConsumer replay = kit.startSink("replay-" + kit.prefix, SinkTestKit.fastBulk());
    await()
        .atMost(Duration.ofMinutes(3))
        .until(() -> replay.metrics().indexedCount("jaeger-span") == 50);

    assertThat(kit.count(index)).isEqualTo(50);
  }

  @Test
  void aRefusedItemGoesToTheDeadLetterTopicWhileItsNeighboursLand() throws Exception {
    kit.sendSpan(SinkTestKit.span(300, 3000, DAY2, "svc"));
    String bad = "{\"traceID\":\"1\",\"spanID\":\"2\",\"startTime\":\"not a number\",\"tags\":[]}";
    kit.sendSpanDocument("bad-doc", bad.getBytes(StandardCharsets.UTF_8), "jaeger-span-2026-11-21");
    kit.sendSpan(SinkTestKit.span(301, 3001, DAY2, "svc"));
    kit.producer.flush();

    EsSinkConsumer sink = kit.startSink("dlq-" + kit.prefix, SinkTestKit.fastBulk());

    kit.awaitCount(kit.prefix + "-jaeger-span-2026-11-21", 2);
    List<ConsumerRecord<byte[], byte[]>> dead = kit.readAll(kit.topics.dlq(), 1);
    assertThat(dead).hasSize(1);
    ConsumerRecord<byte[], byte[]> letter = dead.get(0);
    assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("bad-doc");
    assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo(bad);
    assertThat(header(letter, DeadLetterHeaders.STATUS)).isEqualTo("400");
    assertThat(header(letter, DeadLetterHeaders.ERROR_TYPE)).endsWith("parsing_exception");
    assertThat(header(letter, DeadLetterHeaders.ERROR_REASON)).contains("startTime");
    assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(kit.topics.spans());
    assertThat(header(letter, IndexedSpanRecords.INDEX_HEADER)).isEqualTo("jaeger-span-2026-11-21");
    await().atMost(Duration.ofMinutes(1)).until(() -> sink.metrics().deadLetteredCount() == 1);
  }

  @Test
  void templateInstallIsIdempotentAndTheCleanerDeletesWholeOldIndices() throws Exception {
    IndexTemplates.Options options = new IndexTemplates.Options(kit.prefix, 1, 0, 0, false);
    TemplateInstaller installer = new TemplateInstaller(kit.es, options);
    assertThat(installer.install()).hasSize(4);
    assertThat(installer.install()).isEmpty();

    String p = kit.prefix + "-";
    for (String day : new String[] {"2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21"}) {
      kit.es.indices().create(c -> c.index(p + "jaeger-span-" + day));
      kit.es.indices().create(c -> c.index(p + "jaeger-service-" + day));
    }
    kit.es.indices().create(c -> c.index(p + "jaeger-span-archive"));
    IndexCleaner cleaner =
        new IndexCleaner(
            kit.es,
            kit.prefix,
            IndexDateLayout.DEFAULT,
            Clock.fixed(Instant.parse("2026-11-21T15:00:00Z"), ZoneOffset.UTC));

    assertThat(cleaner.clean(2))
        .containsExactly(
            p + "jaeger-service-2026-11-18", p + "jaeger-service-2026-11-19",
            p + "jaeger-span-2026-11-18", p + "jaeger-span-2026-11-19");
    assertThat(cleaner.expiredIndices(2)).isEmpty();
    assertThat(kit.es.indices().exists(e -> e.index(p + "jaeger-span-2026-11-20")).value())
        .isTrue();
    assertThat(kit.es.indices().exists(e -> e.index(p + "jaeger-span-archive")).value()).isTrue();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
