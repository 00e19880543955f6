package io.spanflow.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.indices.get_alias.IndexAliases;
import io.spanflow.schemas.es.IndexDateLayout;
import io.spanflow.schemas.es.IndexTemplates;
import io.spanflow.sink.consume.EsSinkConsumer;
import io.spanflow.sink.es.IndexCleaner;
import io.spanflow.sink.es.TemplateInstaller;
import io.spanflow.sink.rollover.AliasRollover;
import io.spanflow.testsupport.SharedElasticsearch;
import io.spanflow.testsupport.SharedKafka;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rollover mode ({@code --es.use-aliases}) against the real broker and Elasticsearch. */
class EsRolloverIT {

  private static final Instant DAY1 = Instant.parse("2026-11-20T10:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-11-21T10:00:00Z");

  private SinkTestKit kit;
  private String p;
  private IndexTemplates.Options aliasTemplates;

  @BeforeEach
  void kit() {
    kit = new SinkTestKit(SharedKafka.bootstrapServers(), SharedElasticsearch.httpUrl());
    p = kit.prefix + "-";
    aliasTemplates = new IndexTemplates.Options(kit.prefix, 1, 0, 0, true);
  }

  @AfterEach
  void close() throws Exception {
    kit.close();
  }

  @Test
  void initRolloverLookbackAndCleanerManageTheAliasesWhileTheSinkWritesThroughThem()
      throws Exception {
    AliasRollover rollover = new AliasRollover(kit.es, kit.prefix);
    new TemplateInstaller(kit.es, aliasTemplates).install();
    assertThat(rollover.init())
        .contains(
            "created index " + p + "jaeger-span-000001",
            "alias " + p + "jaeger-span-write -> " + p + "jaeger-span-000001 (write index)",
            "created index " + p + "spanflow-span-metrics-000001");
    assertThat(rollover.init()).as("init again changes nothing").isEmpty();
    assertThat(aliases(p + "jaeger-span-write"))
        .containsExactly(Map.entry(p + "jaeger-span-000001", true));
    assertThat(aliases(p + "jaeger-dependencies-read"))
        .containsOnlyKeys(p + "jaeger-dependencies-000001");

    // The sink writes every family through its write alias, whatever day the header names.
    EsSinkConsumer sink =
        kit.startSink("rollover-" + kit.prefix, SinkTestKit.fastBulk(), aliasTemplates, true);
    for (int i = 0; i < 20; i++) {
      kit.sendSpan(SinkTestKit.span(i, 100 + i, i % 2 == 0 ? DAY1 : DAY2, "frontend"));
    }
    kit.send(
        kit.topics.dependencyLinks(),
        "d1",
        "{\"parent\":\"a\",\"child\":\"b\",\"callCount\":2,\"source\":\"jaeger\",\"timestamp\":"
            + DAY2.toEpochMilli()
            + "}",
        "jaeger-dependencies-2026-11-21");
    kit.producer.flush();
    kit.awaitCount(p + "jaeger-span-000001", 20);
    kit.awaitCount(p + "jaeger-dependencies-000001", 1);
    assertThat(kit.count(p + "jaeger-span-read")).isEqualTo(20);
    assertThat(kit.es.indices().exists(e -> e.index(p + "jaeger-span-2026-11-21")).value())
        .as("no daily index in rollover mode")
        .isFalse();

    // Conditions not met: nothing moves.
    assertThat(rollover.rollover("{\"max_docs\": 1000000}"))
        .allMatch(line -> line.contains("not rolled over"));
    assertThat(rollover.rollover("{}"))
        .contains(
            p
                + "jaeger-span-write: rolled over "
                + p
                + "jaeger-span-000001 -> "
                + p
                + "jaeger-span-000002");
    assertThat(aliases(p + "jaeger-span-write")).containsOnlyKeys(p + "jaeger-span-000002");
    assertThat(aliases(p + "jaeger-span-read"))
        .containsOnlyKeys(p + "jaeger-span-000001", p + "jaeger-span-000002");

    for (int i = 20; i < 30; i++) {
      kit.sendSpan(SinkTestKit.span(i, 100 + i, DAY2, "frontend"));
    }
    kit.producer.flush();
    kit.awaitCount(p + "jaeger-span-000002", 10);
    assertThat(kit.count(p + "jaeger-span-000001")).isEqualTo(20);
    assertThat(kit.count(p + "jaeger-span-read")).as("reads see both indices").isEqualTo(30);
    assertThat(sink.check().healthy()).isTrue();

    // Lookback with a cut-off after both were created: the old index leaves the read alias, the
    // write index never does.
    Instant later = Instant.now().plus(Duration.ofDays(3));
    assertThat(rollover.lookback(later))
        .contains(p + "jaeger-span-000001")
        .doesNotContain(p + "jaeger-span-000002");
    assertThat(aliases(p + "jaeger-span-read")).containsOnlyKeys(p + "jaeger-span-000002");
    assertThat(kit.count(p + "jaeger-span-read")).isEqualTo(10);

    // The cleaner in rollover mode deletes old indices, except the write index.
    IndexCleaner cleaner =
        new IndexCleaner(
            kit.es, kit.prefix, IndexDateLayout.DEFAULT, Clock.fixed(later, ZoneOffset.UTC), true);
    assertThat(cleaner.clean(1))
        .contains(p + "jaeger-span-000001", p + "jaeger-service-000001")
        .doesNotContain(p + "jaeger-span-000002", p + "jaeger-service-000002");
    assertThat(kit.es.indices().exists(e -> e.index(p + "jaeger-span-000001")).value()).isFalse();
    assertThat(kit.count(p + "jaeger-span-write")).isEqualTo(10);
  }

  @Test
  void aSinkThatMayNotCreateAliasesWaitsUnhealthyUntilInitRuns() throws Exception {
    kit.sendSpan(SinkTestKit.span(1, 1, DAY2, "backend"));
    kit.producer.flush();
    new TemplateInstaller(kit.es, aliasTemplates).install();
    EsSinkConsumer sink =
        kit.startSink("noinit-" + kit.prefix, SinkTestKit.fastBulk(), aliasTemplates, false);

    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> !sink.check().healthy() && sink.check().reason().contains("rollover init"));
    assertThat(sink.check().reason()).contains(p + "jaeger-span-write");

    new AliasRollover(kit.es, kit.prefix).init();
    kit.awaitCount(p + "jaeger-span-read", 1);
    await().atMost(Duration.ofMinutes(1)).until(() -> sink.check().healthy());
    assertThat(kit.es.indices().exists(e -> e.index(p + "jaeger-span-write")).value())
        .as("only the alias, never an index named like it")
        .isTrue();
    assertThat(aliases(p + "jaeger-span-write")).containsOnlyKeys(p + "jaeger-span-000001");
  }

  /** Index → is_write_index of {@code alias}. */
  private Map<String, Boolean> aliases(String alias) throws IOException {
    Map<String, Boolean> out = new TreeMap<>();
    for (Map.Entry<String, IndexAliases> e :
        kit.es.indices().getAlias(a -> a.name(alias)).result().entrySet()) {
      Boolean write = e.getValue().aliases().get(alias).isWriteIndex();
      out.put(e.getKey(), write != null && write);
    }
    return out;
  }
}
