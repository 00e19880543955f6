package io.spanflow.sink.it;

import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.spanflow.embedded.elasticsearch.ElasticsearchNode;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.es.DocumentIds;
import io.spanflow.schemas.es.IndexNames;
import io.spanflow.schemas.es.SpanDocumentMapper;
import io.spanflow.sink.consume.EsSinkConsumer;
import io.spanflow.testsupport.SharedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Sink throughput against the raw {@code _bulk} rate of the same documents with the same client and
 * batch size (the storage limit of this machine). Run with {@code -Dspanflow.benchmark=true
 * -Dit.test=EsSinkBenchmarkIT}; {@code -Dspanflow.benchmark.docs=N} sets the size.
 */
@EnabledIfSystemProperty(named = "spanflow.benchmark", matches = "true")
class EsSinkBenchmarkIT {

  private static final Instant DAY = Instant.parse("2026-11-21T12:00:00Z");

  @Test
  void sinkRateAgainstRawBulkRate() throws Exception {
    int n = Integer.getInteger("spanflow.benchmark.docs", 100_000);
    List<String> ids = new ArrayList<>(n);
    List<byte[]> docs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Span s = SinkTestKit.span(i, 1_000_000L + i, DAY.plusMillis(i), "bench-" + (i % 7));
      ids.add(DocumentIds.spanDocumentId(s));
      docs.add(SpanDocumentMapper.toDocumentBytes(s));
    }
    try (ElasticsearchNode node = ElasticsearchNode.builder().name("es-bench").build()) {
      node.start();
      try (SinkTestKit kit = new SinkTestKit(SharedKafka.bootstrapServers(), node.httpUrl())) {
        new io.spanflow.sink.es.TemplateInstaller(
                kit.es,
                new io.spanflow.schemas.es.IndexTemplates.Options(kit.prefix, 1, 0, 0, false))
            .install();
        // Warm ES (JIT, index creation) on other indices first, so neither run pays for it.
        rawBulk(kit, kit.prefix + "-jaeger-span-2026-11-18", ids, docs, Math.min(n, 10_000));
        String rawIndex = kit.prefix + "-jaeger-span-2026-11-20";
        long rawStart = System.nanoTime();
        rawBulk(kit, rawIndex, ids, docs, n);
        double rawSeconds = (System.nanoTime() - rawStart) / 1e9;

        kit.es.indices().create(c -> c.index(kit.prefix + "-jaeger-span-2026-11-21"));
        for (int i = 0; i < n; i++) {
          kit.sendSpanDocument(ids.get(i), docs.get(i), IndexNames.spanIndex(null, DAY));
        }
        kit.producer.flush();
        EsSinkConsumer sink =
            kit.startSink("bench-" + kit.prefix, io.spanflow.sink.bulk.BulkSettings.defaults());
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> sink.metrics().indexedCount("jaeger-span") > 0);
        long sinkStart = System.nanoTime();
        double first = sink.metrics().indexedCount("jaeger-span");
        await()
            .atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> sink.metrics().indexedCount("jaeger-span") >= n);
        double sinkSeconds = (System.nanoTime() - sinkStart) / 1e9;

        double raw = n / rawSeconds;
        double viaSink = (n - first) / sinkSeconds;
        System.out.printf(
            "BENCHMARK docs=%d raw_bulk=%.0f docs/s sink=%.0f docs/s ratio=%.2f%n",
            n, raw, viaSink, viaSink / raw);
      }
    }
  }

  private static void rawBulk(
      SinkTestKit kit, String index, List<String> ids, List<byte[]> docs, int n) throws Exception {
    for (int from = 0; from < n; from += 1000) {
      BulkRequest.Builder b = new BulkRequest.Builder();
      for (int i = from; i < Math.min(n, from + 1000); i++) {
        String id = ids.get(i);
        BinaryData d = BinaryData.of(docs.get(i), ContentType.APPLICATION_JSON);
        b.operations(op -> op.index(x -> x.index(index).id(id).document(d)));
      }
      BulkResponse r = kit.es.bulk(b.build());
      if (r.errors()) {
        throw new AssertionError("raw bulk had errors");
      }
    }
  }
}
