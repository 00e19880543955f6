package io.spanflow.agent;

import static io.spanflow.agent.SpanAssertions.assertTag;
import static io.spanflow.agent.SpanAssertions.byOperation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.thrift.internal.senders.UdpSender;
import io.opentracing.References;
import io.spanflow.agent.udp.AgentEndpoint;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.ids.TraceIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java jaeger-client 1.8.1 UdpSender (compact thrift) through the agent to a collector. */
class JaegerJavaClientIT {
  private TestCollector collector;
  private AgentUnderTest agent;

  @BeforeEach
  void start() throws Exception {
    collector = TestCollector.start();
    agent =
        AgentUnderTest.start(
            "--reporter.grpc.host-port=" + collector.hostPort(),
            "--agent.tags=node=${TEST_NODE:none},zone=eu-1");
  }

  @AfterEach
  void stop() throws Exception {
    agent.close();
    collector.close();
  }

  @Test
  void compactUdpSender_everyFieldArrivesIntact() throws Exception {
    UdpSender sender = new UdpSender("127.0.0.1", agent.udpPort(AgentEndpoint.JAEGER_COMPACT), 0);
    JaegerTracer tracer =
        new JaegerTracer.Builder("checkout")
            .withReporter(
                new RemoteReporter.Builder().withSender(sender).withFlushInterval(50).build())
            .withSampler(new ConstSampler(true))
            .withTraceId128Bit()
            .withTag("region", "eu")
            .withTag("canary", true)
            .withTag("build", 42L)
            .withTag("ratio", 0.75)
            .build();
    long start = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());

    JaegerSpan parent = tracer.buildSpan("GET /cart").withStartTimestamp(start).start();
    JaegerSpan child =
        tracer
            .buildSpan("load-cart")
            .asChildOf(parent)
            .withStartTimestamp(start + 10)
            .withTag("str", "s")
            .withTag("bool", true)
            .withTag("long", 7L)
            .withTag("double", 2.5)
            .start();
    child.log(start + 20, Map.of("event", "cache-miss", "size", 3L));
    child.finish(start + 50);
    JaegerSpan follower =
        tracer
            .buildSpan("audit")
            .addReference(References.FOLLOWS_FROM, parent.context())
            .withStartTimestamp(start + 60)
            .start();
    follower.finish(start + 70);
    parent.finish(start + 100);
    tracer.close();

    await().atMost(Duration.ofSeconds(20)).until(() -> collector.spans().size() == 3);
    List<Span> spans = collector.spans();
    JaegerSpanContext parentCtx = parent.context();

    for (Span span : spans) {
      assertThat(span.getTraceId())
          .isEqualTo(TraceIds.traceId(parentCtx.getTraceIdHigh(), parentCtx.getTraceIdLow()));
      assertThat(span.getProcess().getServiceName()).isEqualTo("checkout");
      List<KeyValue> processTags = span.getProcess().getTagsList();
      assertTag(processTags, "region", ValueType.STRING, "eu");
      assertTag(processTags, "canary", ValueType.BOOL, true);
      assertTag(processTags, "build", ValueType.INT64, 42L);
      assertTag(processTags, "ratio", ValueType.FLOAT64, 0.75);
      assertTag(processTags, "node", ValueType.STRING, "node-under-test");
      assertTag(processTags, "zone", ValueType.STRING, "eu-1");
      assertThat(processTags).extracting(KeyValue::getKey).contains("hostname", "jaeger.version");
    }

    Span root = byOperation(spans, "GET /cart");
    assertThat(root.getSpanId()).isEqualTo(TraceIds.spanId(parentCtx.getSpanId()));
    assertThat(root.getReferencesList()).isEmpty();
    assertThat(root.getFlags()).isEqualTo(Byte.toUnsignedInt(parentCtx.getFlags())).isEqualTo(1);
    assertThat(root.getStartTime()).isEqualTo(Timestamps.fromMicros(start));
    assertThat(root.getDuration()).isEqualTo(Durations.fromMicros(100));
    assertTag(root.getTagsList(), "sampler.type", ValueType.STRING, "const");

    // The client sends the parent as parentSpanId with no references: it must become CHILD_OF.
    Span loaded = byOperation(spans, "load-cart");
    assertThat(loaded.getSpanId()).isEqualTo(TraceIds.spanId(child.context().getSpanId()));
    assertThat(loaded.getReferencesList())
        .containsExactly(
            SpanRef.newBuilder()
                .setTraceId(root.getTraceId())
                .setSpanId(root.getSpanId())
                .setRefType(SpanRefType.CHILD_OF)
                .build());
    assertTag(loaded.getTagsList(), "str", ValueType.STRING, "s");
    assertTag(loaded.getTagsList(), "bool", ValueType.BOOL, true);
    assertTag(loaded.getTagsList(), "long", ValueType.INT64, 7L);
    assertTag(loaded.getTagsList(), "double", ValueType.FLOAT64, 2.5);
    assertThat(loaded.getDuration()).isEqualTo(Durations.fromMicros(40));
    assertThat(loaded.getLogsList()).hasSize(1);
    Log log = loaded.getLogs(0);
    assertThat(log.getTimestamp()).isEqualTo(Timestamps.fromMicros(start + 20));
    assertTag(log.getFieldsList(), "event", ValueType.STRING, "cache-miss");
    assertTag(log.getFieldsList(), "size", ValueType.INT64, 3L);

    Span audit = byOperation(spans, "audit");
    assertThat(audit.getReferencesList())
        .extracting(SpanRef::getRefType, SpanRef::getSpanId)
        .contains(org.assertj.core.groups.Tuple.tuple(SpanRefType.FOLLOWS_FROM, root.getSpanId()));

    assertThat(
            agent.metric(
                "jaeger_agent_thrift_udp_server_packets_processed_total",
                "model",
                "jaeger",
                "protocol",
                "compact"))
        .isGreaterThanOrEqualTo(1);
    assertThat(agent.metric("jaeger_agent_reporter_spans_submitted_total")).isEqualTo(3);
  }
}
