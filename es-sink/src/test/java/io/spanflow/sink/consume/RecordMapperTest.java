package io.spanflow.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spanflow.schemas.es.IndexDateLayout;
import io.spanflow.schemas.es.IndexFamily;
import io.spanflow.schemas.es.IndexedSpanRecords;
import io.spanflow.sink.bulk.BulkAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordMapperTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TS = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
  private final SinkTopics topics = SinkTopics.defaults();
  private final RecordMapper mapper =
      new RecordMapper(topics, "prod", IndexDateLayout.DEFAULT, false);

  private static ConsumerRecord<byte[], byte[]> record(
      String topic, String key, String value, String index) {
    RecordHeaders headers = new RecordHeaders();
    if (index != null) {
      headers.add(IndexedSpanRecords.INDEX_HEADER, index.getBytes(StandardCharsets.UTF_8));
    }
    return new ConsumerRecord<>(
        topic,
        0,
        7,
        TS,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8),
        headers,
        Optional.empty());
  }

  @Test
  void spanRecord_passesBytesThroughToThePrefixedHeaderIndex() {
    String doc = "{\"traceID\":\"1\",\"spanID\":\"2\"}";
    ConsumerRecord<byte[], byte[]> r =
        record(topics.spans(), "id-1", doc, "jaeger-span-2026-11-20");

    BulkAction a = mapper.map(r, 3);

    assertThat(a.kind()).isEqualTo(BulkAction.Kind.INDEX);
    assertThat(a.index()).isEqualTo("prod-jaeger-span-2026-11-20");
    assertThat(a.id()).isEqualTo("id-1");
    assertThat(a.document()).isSameAs(r.value());
    assertThat(a.family()).isEqualTo(IndexFamily.SPAN);
    assertThat(a.epoch()).isEqualTo(3);
  }

  @Test
  void spanRecord_withoutHeaderUsesTheRecordTimestampsDay() {
    BulkAction a = mapper.map(record(topics.spans(), "id", "{}", null), 0);

    assertThat(a.index()).isEqualTo("prod-jaeger-span-2026-11-21");
  }

  @Test
  void prettyPrintedDocument_isCompactedForNdjson() {
    BulkAction a = mapper.map(record(topics.spans(), "id", "{\n \"a\": 1\n}", null), 0);

    assertThat(new String(a.document(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
  }

  @Test
  void rejectsWhatCannotBeIndexed() {
    assertThat(mapper.map(record(topics.spans(), null, "{}", null), 0).rejectReason())
        .isEqualTo("missing_key");
    assertThat(
            mapper
                .map(record(topics.spans(), "k", "{}", "jaeger-service-2026-11-21"), 0)
                .rejectReason())
        .isEqualTo("bad_index_header");
    assertThat(mapper.map(record(topics.spans(), "k", "{}", "jaeger-span-../x"), 0).rejectReason())
        .isEqualTo("bad_index_header");
    assertThat(
            mapper.map(record(topics.serviceOperations(), "k", "not json", null), 0).rejectReason())
        .isEqualTo("invalid_json");
    assertThat(
            mapper
                .map(record(topics.dependencyLinks(), "k", "{\"child\":\"b\"}", null), 0)
                .rejectReason())
        .isEqualTo("missing_parent");
  }

  @Test
  void tombstone_isSkipped() {
    assertThat(mapper.map(record(topics.serviceOperations(), "k", null, null), 0).kind())
        .isEqualTo(BulkAction.Kind.SKIP);
  }

  @Test
  void serviceOperation_becomesJaegersServiceDocument() throws Exception {
    String v =
        "{\"serviceName\":\"frontend\",\"operationName\":\"GET /\",\"spanKind\":\"server\","
            + "\"day\":\"2026-11-21\",\"firstSeen\":\"2026-11-21T10:00:00Z\",\"timestamp\":"
            + TS
            + "}";

    BulkAction a =
        mapper.map(record(topics.serviceOperations(), "k", v, "jaeger-service-2026-11-21"), 0);

    assertThat(a.index()).isEqualTo("prod-jaeger-service-2026-11-21");
    JsonNode doc = JSON.readTree(a.document());
    assertThat(doc.toString())
        .isEqualTo(
            "{\"serviceName\":\"frontend\",\"operationName\":\"GET /\",\"spanKind\":\"server\"}");
    assertThat(a.id())
        .isEqualTo(
            io.spanflow.schemas.es.DocumentIds.serviceOperationId("frontend", "server", "GET /"));
  }

  @Test
  void dependencyLink_becomesAOneLinkDependenciesDocument() throws Exception {
    String v =
        "{\"parent\":\"frontend\",\"child\":\"backend\",\"callCount\":12,\"errorCount\":1,"
            + "\"bucketStart\":\"2026-11-21T10:00:00Z\",\"bucketEnd\":\"2026-11-21T10:01:00Z\","
            + "\"timestamp\":"
            + TS
            + ",\"source\":\"jaeger\"}";

    BulkAction a = mapper.map(record(topics.dependencyLinks(), "k", v, null), 0);
    BulkAction update =
        mapper.map(record(topics.dependencyLinks(), "k", v.replace("12", "15"), null), 0);

    assertThat(a.index()).isEqualTo("prod-jaeger-dependencies-2026-11-21");
    assertThat(JSON.readTree(a.document()).toString())
        .isEqualTo(
            "{\"timestamp\":\"2026-11-21T10:00:00Z\",\"dependencies\":[{\"parent\":\"frontend\","
                + "\"child\":\"backend\",\"callCount\":12,\"errorCount\":1,\"source\":\"jaeger\"}]}");
    assertThat(update.id()).isEqualTo(a.id());
  }

  @Test
  void rolloverMode_writesToTheWriteAlias() {
    RecordMapper aliases = new RecordMapper(topics, "", IndexDateLayout.DEFAULT, true);

    assertThat(aliases.map(record(topics.spans(), "k", "{}", "jaeger-span-2026-11-21"), 0).index())
        .isEqualTo("jaeger-span-write");
  }
}
