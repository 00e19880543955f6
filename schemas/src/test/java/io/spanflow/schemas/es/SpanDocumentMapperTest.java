package io.spanflow.schemas.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.fixtures.TestTraces;
import io.spanflow.schemas.ids.TraceIds;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpanDocumentMapperTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Span> fixtures() {
    return Stream.of(
            Stream.of(EsFixtures.allTypes(), EsFixtures.minimal()),
            EsFixtures.zipkinSharedSpan().stream(),
            TestTraces.twoServiceTrace().stream(),
            TestTraces.zipkinSharedSpanTrace().stream(),
            TestTraces.allTypesTrace().stream(),
            TestTraces.largeTrace(20).stream())
        .flatMap(s -> s);
  }

  @Test
  void sharedFixtures_coverBinaryTagsAndBothReferenceTypes() {
    List<Span> all = fixtures().toList();
    assertThat(all)
        .flatMap(Span::getTagsList)
        .extracting(KeyValue::getVType)
        .contains(ValueType.BINARY, ValueType.FLOAT64, ValueType.BOOL, ValueType.INT64);
    assertThat(all)
        .flatMap(Span::getReferencesList)
        .extracting(SpanRef::getRefType)
        .contains(SpanRefType.CHILD_OF, SpanRefType.FOLLOWS_FROM);
  }

  @Test
  void spanDocumentIds_areUniqueAcrossTheSharedFixtures() {
    List<Span> all =
        Stream.of(
                TestTraces.twoServiceTrace(),
                TestTraces.zipkinSharedSpanTrace(),
                TestTraces.allTypesTrace(),
                TestTraces.largeTrace(2000))
            .flatMap(List::stream)
            .toList();

    assertThat(all.stream().map(DocumentIds::spanDocumentId).distinct().count())
        .isEqualTo(all.size());
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void fromDocument_invertsToDocument(Span span) throws Exception {
    byte[] bytes = SpanDocumentMapper.toDocumentBytes(span);

    assertThat(SpanDocumentMapper.fromDocumentBytes(bytes)).isEqualTo(span);
    assertThat(SpanDocumentMapper.fromDocument(JSON.readTree(bytes))).isEqualTo(span);
  }

  @Test
  void toDocument_writesJaegersFieldsAndEncodings() {
    JsonNode doc = SpanDocumentMapper.toDocument(EsFixtures.allTypes());

    assertThat(doc.get("traceID").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(doc.get("spanID").asText()).isEqualTo("00f067aa0ba902b7");
    assertThat(doc.get("parentSpanID").asText()).isEqualTo("a2fb4a1d1a96d312");
    assertThat(doc.get("flags").asInt()).isEqualTo(3);
    assertThat(doc.get("operationName").asText()).isEqualTo("GET /checkout");
    assertThat(doc.get("startTime").asLong()).isEqualTo(1763730000123456L);
    assertThat(doc.get("startTimeMillis").asLong()).isEqualTo(1763730000123L);
    assertThat(doc.get("duration").asLong()).isEqualTo(2_000_005L);
    assertThat(doc.get("references"))
        .extracting(
            r ->
                r.get("refType").asText()
                    + " "
                    + r.get("traceID").asText()
                    + " "
                    + r.get("spanID").asText())
        .containsExactly(
            "CHILD_OF 4bf92f3577b34da6a3ce929d0e0e4736 a2fb4a1d1a96d312",
            "FOLLOWS_FROM 4bf92f3577b34da6a3ce929d0e0e4736 0000000000000003",
            "CHILD_OF 0000000000000001 00000000000000ff");
    assertThat(doc.get("tags"))
        .extracting(
            t ->
                t.get("key").asText()
                    + "|"
                    + t.get("type").asText()
                    + "|"
                    + t.get("value").asText())
        .contains(
            "error|bool|true",
            "http.status_code|int64|503",
            "temperature|float64|72.5",
            "third|float64|0.30000000000000004",
            "huge|float64|1.5e+300",
            "tiny|float64|-2.5e-07",
            "blob|binary|00003039");
    assertThat(doc.get("tag").isObject()).isTrue();
    assertThat(doc.get("tag").size()).isZero();
    assertThat(doc.get("logs").get(0).get("timestamp").asLong()).isEqualTo(1763730000200000L);
    assertThat(doc.get("logs").get(0).get("fields").get(1).get("value").asText()).isEqualTo("2");
    assertThat(doc.get("process").get("serviceName").asText()).isEqualTo("frontend");
    assertThat(doc.get("process").get("tags").get(1).get("type").asText()).isEqualTo("int64");
    assertThat(doc.get("warnings").get(0).asText()).isEqualTo("clock skew adjusted");
    // Field order as Jaeger's struct writes them.
    assertThat(iterable(doc.fieldNames()))
        .containsExactly(
            "traceID",
            "spanID",
            "parentSpanID",
            "flags",
            "operationName",
            "references",
            "startTime",
            "startTimeMillis",
            "duration",
            "tags",
            "tag",
            "logs",
            "process",
            "warnings");
  }

  @Test
  void toDocument_omitsWhatJaegerOmits() {
    JsonNode doc = SpanDocumentMapper.toDocument(EsFixtures.minimal());

    assertThat(doc.get("traceID").asText()).isEqualTo("0000000000000001");
    assertThat(doc.get("spanID").asText()).isEqualTo("0000000000000002");
    assertThat(doc.has("parentSpanID")).isFalse();
    assertThat(doc.has("flags")).isFalse();
    assertThat(doc.has("warnings")).isFalse();
    assertThat(doc.get("references").isArray()).isTrue();
    assertThat(doc.get("references").size()).isZero();
    assertThat(doc.get("tags").size()).isZero();
    assertThat(doc.get("logs").size()).isZero();
  }

  @Test
  void fromDocument_readsAJaegerWrittenDocument() throws Exception {
    // Shape of Jaeger's dbmodel fixture: short ids, parentSpanID without a reference, null log
    // fields, tags-as-fields with '@' for dots, no "tag" or "type" on some entries.
    String json =
        "{\"traceID\":\"1\",\"spanID\":\"2\",\"parentSpanID\":\"3\",\"flags\":1,"
            + "\"operationName\":\"op\",\"references\":[{\"refType\":\"FOLLOWS_FROM\","
            + "\"traceID\":\"ff\",\"spanID\":\"4\"}],\"startTime\":1485467191639875,"
            + "\"startTimeMillis\":1485467191639,\"duration\":5,"
            + "\"tags\":[{\"key\":\"peer.ipv4\",\"type\":\"int64\",\"value\":\"23456\"}],"
            + "\"tag\":{\"http@status_code\":200,\"ok\":true,\"ratio\":0.5,\"m\":\"GET\"},"
            + "\"logs\":[{\"timestamp\":1485467191639875,\"fields\":null}],"
            + "\"process\":{\"serviceName\":\"service-x\",\"tags\":[],"
            + "\"tag\":{\"host@name\":\"h\"}}}";

    Span span = SpanDocumentMapper.fromDocument(JSON.readTree(json));

    assertThat(span.getReferencesList()).hasSize(2);
    assertThat(span.getReferences(0).getRefType()).isEqualTo(SpanRefType.CHILD_OF);
    assertThat(TraceIds.spanIdToHex(span.getReferences(0).getSpanId()))
        .isEqualTo("0000000000000003");
    assertThat(TraceIds.toHex(span.getReferences(1).getTraceId())).isEqualTo("00000000000000ff");
    assertThat(span.getTagsList())
        .extracting(t -> t.getKey() + "=" + TagValues.valueAsString(t) + ":" + t.getVType())
        .containsExactlyInAnyOrder(
            "peer.ipv4=23456:INT64",
            "http.status_code=200:INT64",
            "ok=true:BOOL",
            "ratio=0.5:FLOAT64",
            "m=GET:STRING");
    assertThat(span.getLogs(0).getFieldsList()).isEmpty();
    assertThat(span.getProcess().getTags(0).getKey()).isEqualTo("host.name");
    assertThat(SpanDocumentMapper.micros(span.getStartTime())).isEqualTo(1485467191639875L);
  }

  @Test
  void fromDocument_rejectsBadInput() throws Exception {
    assertThatThrownBy(() -> SpanDocumentMapper.fromDocument(JSON.readTree("{\"spanID\":\"1\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("traceID");
    assertThatThrownBy(
            () ->
                SpanDocumentMapper.fromDocument(
                    JSON.readTree(
                        "{\"traceID\":\"1\",\"spanID\":\"1\",\"tags\":[{\"key\":\"k\","
                            + "\"type\":\"int32\",\"value\":\"1\"}]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("int32");
    assertThatThrownBy(
            () ->
                SpanDocumentMapper.fromDocument(
                    JSON.readTree("{\"traceID\":\"xyz\",\"spanID\":\"1\"}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }
}
