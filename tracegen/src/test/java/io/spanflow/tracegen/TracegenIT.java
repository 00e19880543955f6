package io.spanflow.tracegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spanflow.agent.EdgeAgentMain;
import io.spanflow.collector.CollectorGatewayMain;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.runtime.Application;
import io.spanflow.schemas.ids.TraceIds;
import io.spanflow.schemas.kafka.SpanDeserializer;
import io.spanflow.testsupport.FreePorts;
import io.spanflow.testsupport.KafkaTestTopics;
import io.spanflow.testsupport.SharedKafka;
import io.spanflow.tracegen.load.LoadGenerator;
import io.spanflow.tracegen.load.LoadSummary;
import io.spanflow.tracegen.send.Protocol;
import io.spanflow.tracegen.send.SpanSender;
import io.spanflow.tracegen.traces.GeneratedTrace;
import io.spanflow.tracegen.traces.RandomCallTrees;
import io.spanflow.tracegen.traces.RandomTraceSource;
import io.spanflow.tracegen.traces.TraceSource;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generator against a real collector-gateway and edge-agent (in-process, on the test broker, on
 * free ports): for each protocol, every span of every acknowledged trace reaches {@code
 * jaeger-spans}.
 */
class TracegenIT {
  private static final RandomCallTrees TREES = new RandomCallTrees(6, 2, 2);
  private static final String TOPIC = KafkaTestTopics.unique("jaeger-spans");
  private static final Map<String, Integer> ports = new ConcurrentHashMap<>();
  private static Application collector;
  private static Application agent;

  @BeforeAll
  static void start() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    KafkaTestTopics.create(bootstrap, TOPIC);
    for (String name :
        List.of(
            "grpc",
            "http",
            "zipkin",
            "otlp-grpc",
            "otlp-http",
            "collector-admin",
            "compact",
            "binary",
            "zipkin-compact",
            "sampling",
            "agent-admin")) {
      ports.put(name, FreePorts.next());
    }
    collector =
        CollectorGatewayMain.application(
            new String[] {
              "--kafka.producer.brokers=" + bootstrap,
              "--kafka.producer.topic=" + TOPIC,
              "--collector.grpc-server.host-port=" + local("grpc"),
              "--collector.http-server.host-port=" + local("http"),
              "--collector.zipkin.host-port=" + local("zipkin"),
              "--collector.otlp.grpc.host-port=" + local("otlp-grpc"),
              "--collector.otlp.http.host-port=" + local("otlp-http"),
              "--admin.http.host-port=" + local("collector-admin")
            },
            false);
    collector.start();
    agent =
        EdgeAgentMain.application(
            new String[] {
              "--reporter.grpc.host-port=" + local("grpc"),
              "--processor.jaeger-compact.server-host-port=" + local("compact"),
              "--processor.jaeger-binary.server-host-port=" + local("binary"),
              "--processor.zipkin-compact.server-host-port=" + local("zipkin-compact"),
              "--http-server.host-port=" + local("sampling"),
              "--admin.http.host-port=" + local("agent-admin"),
              "--agent.shutdown-grace-period=0s"
            },
            false);
    agent.start();
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
    if (collector != null) {
      collector.close();
    }
  }

  private static String local(String name) {
    return "127.0.0.1:" + ports.get(name);
  }

  private static String endpoint(Protocol protocol) {
    return switch (protocol) {
      case JAEGER_UDP_COMPACT -> local("compact");
      case JAEGER_UDP_BINARY -> local("binary");
      case JAEGER_GRPC -> local("grpc");
      case OTLP_GRPC -> local("otlp-grpc");
      case OTLP_HTTP -> local("otlp-http");
      case ZIPKIN_JSON -> local("zipkin");
    };
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void everySpanSentReachesTheSpanTopic(Protocol protocol) throws Exception {
    Set<String> expected = ConcurrentHashMap.newKeySet();
    LoadSummary summary;
    try (SpanSender sender = protocol.newSender(endpoint(protocol))) {
      summary =
          LoadGenerator.builder()
              .sender(sender, protocol.flag())
              .sources(
                  worker -> recording(new RandomTraceSource(TREES, 0.2, 0.1, worker), expected))
              .workers(2)
              .tracesPerRequest(4)
              .traceCount(24)
              // Paced so the agent's UDP socket is never the bottleneck of a correctness test.
              .tracesPerSecond(200)
              .build()
              .run();
    }
    assertThat(summary.tracesAcked()).isEqualTo(24);
    assertThat(summary.spansAcked()).isEqualTo(24L * TREES.spansPerTrace());
    assertThat(expected).hasSize(24 * TREES.spansPerTrace());

    Set<String> seen = new HashSet<>();
    try (KafkaConsumer<String, Span> consumer = consumer()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ZERO)
          .untilAsserted(
              () -> {
                for (ConsumerRecord<String, Span> record : consumer.poll(Duration.ofMillis(200))) {
                  Span span = record.value();
                  seen.add(key(span));
                  assertThat(record.key()).isEqualTo(TraceIds.toHex(span.getTraceId()));
                }
                assertThat(seen).containsAll(expected);
              });
    }
  }

  private static TraceSource recording(TraceSource source, Set<String> expected) {
    return end -> {
      GeneratedTrace trace = source.next(end);
      trace.spans().forEach(s -> expected.add(key(s)));
      return trace;
    };
  }

  private static String key(Span span) {
    return TraceIds.toHex(span.getTraceId()) + "/" + TraceIds.spanIdToHex(span.getSpanId());
  }

  private static KafkaConsumer<String, Span> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    KafkaConsumer<String, Span> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new SpanDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(TOPIC).stream()
            .map(i -> new TopicPartition(TOPIC, i.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}
