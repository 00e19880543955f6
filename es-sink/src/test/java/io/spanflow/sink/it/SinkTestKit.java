package io.spanflow.sink.it;

import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.es.DocumentIds;
import io.spanflow.schemas.es.IndexNames;
import io.spanflow.schemas.es.IndexTemplates;
import io.spanflow.schemas.es.IndexedSpanRecords;
import io.spanflow.schemas.es.SpanDocumentMapper;
import io.spanflow.sink.bulk.BulkSettings;
import io.spanflow.sink.consume.EsSinkConsumer;
import io.spanflow.sink.consume.SinkTopics;
import io.spanflow.sink.es.EsClients;
import io.spanflow.sink.es.EsConnection;
import io.spanflow.testsupport.KafkaTestTopics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics, producer, spans and an ES client for the sink's integration tests. */
final class SinkTestKit implements AutoCloseable {

  final String bootstrap;
  final SinkTopics topics;
  final String prefix;
  final ElasticsearchClient es;
  final KafkaProducer<byte[], byte[]> producer;
  private final List<EsSinkConsumer> sinks = new ArrayList<>();

  SinkTestKit(String bootstrap, String esUrl) {
    this.bootstrap = bootstrap;
    String run = KafkaTestTopics.unique("sink");
    this.topics =
        new SinkTopics(
            run + ".spans", run + ".services", run + ".deps", run + ".metrics", run + ".dlq");
    KafkaTestTopics.create(
        bootstrap,
        topics.spans(),
        topics.serviceOperations(),
        topics.dependencyLinks(),
        topics.spanMetrics(),
        topics.dlq());
    // A unique prefix keeps test classes sharing a node apart.
    this.prefix = run.toLowerCase().replaceAll("[^a-z0-9]", "");
    this.es = EsClients.create(EsConnection.of(esUrl));
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                // One request in flight: a fresh topic's first writes can otherwise wedge on
                // OUT_OF_ORDER_SEQUENCE_NUMBER (see stream-processor's README, Guarantees).
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  EsSinkConsumer startSink(String groupId, BulkSettings bulk) {
    return startSink(groupId, bulk, new IndexTemplates.Options(prefix, 1, 0, 0, false), true);
  }

  EsSinkConsumer startSink(
      String groupId, BulkSettings bulk, IndexTemplates.Options templates, boolean create) {
    EsSinkConsumer sink =
        EsSinkConsumer.builder()
            .bootstrapServers(bootstrap)
            .groupId(groupId)
            .topics(topics)
            .client(es)
            .templates(templates)
            .installTemplates(create)
            .bulk(bulk)
            .build();
    sink.start();
    sinks.add(sink);
    return sink;
  }

  static BulkSettings fastBulk() {
    return BulkSettings.defaults()
        .withActions(200)
        .withBackoff(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(500));
  }

  static Span span(long traceLow, long spanId, Instant start, String service) {
    return Span.newBuilder()
        .setTraceId(
            ByteString.copyFrom(ByteBuffer.allocate(16).putLong(7).putLong(traceLow).array()))
        .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(spanId).array()))
        .setOperationName("op-" + (spanId % 3))
        .setStartTime(
            Timestamp.newBuilder()
                .setSeconds(start.getEpochSecond())
                .setNanos(start.getNano() / 1000 * 1000))
        .setDuration(Duration.newBuilder().setNanos(1_500_000))
        .addTags(
            KeyValue.newBuilder().setKey("span.kind").setVType(ValueType.STRING).setVStr("server"))
        .addTags(
            KeyValue.newBuilder()
                .setKey("blob")
                .setVType(ValueType.BINARY)
                .setVBinary(ByteString.copyFromUtf8("hi")))
        .addTags(KeyValue.newBuilder().setKey("n").setVType(ValueType.INT64).setVInt64(spanId))
        .setProcess(Process.newBuilder().setServiceName(service))
        .build();
  }

  /** Produces the span as the stream-processor does: key = doc id, header = unprefixed index. */
  void sendSpan(Span span) {
    Instant start = Instant.ofEpochSecond(span.getStartTime().getSeconds());
    sendSpanDocument(
        DocumentIds.spanDocumentId(span),
        SpanDocumentMapper.toDocumentBytes(span),
        IndexNames.spanIndex(null, start));
  }

  void sendSpanDocument(String id, byte[] doc, String index) {
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(topics.spans(), id.getBytes(StandardCharsets.UTF_8), doc);
    r.headers().add(IndexedSpanRecords.INDEX_HEADER, index.getBytes(StandardCharsets.UTF_8));
    producer.send(r);
  }

  void send(String topic, String key, String json, String index) {
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(
            topic, key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    r.headers().add(IndexedSpanRecords.INDEX_HEADER, index.getBytes(StandardCharsets.UTF_8));
    producer.send(r);
  }

  long count(String indexPattern) throws IOException {
    es.indices()
        .refresh(
            r ->
                r.index(indexPattern)
                    .ignoreUnavailable(true)
                    .allowNoIndices(true)
                    .expandWildcards(ExpandWildcard.All));
    return es.count(c -> c.index(indexPattern).ignoreUnavailable(true).allowNoIndices(true))
        .count();
  }

  void awaitCount(String indexPattern, long expected) {
    await()
        .atMost(java.time.Duration.ofMinutes(4))
        .pollInterval(java.time.Duration.ofMillis(250))
        // A just-created index answers _count with 503 until its shard is active.
        .ignoreExceptions()
        .until(() -> count(indexPattern) == expected);
  }

  List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                KafkaTestTopics.unique("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      await()
          .atMost(java.time.Duration.ofMinutes(1))
          .until(
              () -> {
                c.poll(java.time.Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
              });
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    for (EsSinkConsumer s : sinks) {
      s.close();
    }
    producer.close();
    es._transport().close();
  }
}
