package io.spanflow.agent;

import static io.spanflow.agent.SpanAssertions.assertTag;
import static io.spanflow.agent.SpanAssertions.byOperation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.twitter.zipkin.thriftjava.Annotation;
import com.twitter.zipkin.thriftjava.Endpoint;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Process;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.spanflow.agent.udp.AgentEndpoint;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.ids.TraceIds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Packets built with the client's own thrift classes: what the Java tracer API cannot produce
 * (binary tags, the binary protocol from Java, zipkin batches on 5775), and malformed input through
 * the real decoders.
 */
class HandBuiltPacketsIT {
  private TestCollector collector;
  private AgentUnderTest agent;

  @BeforeEach
  void start() throws Exception {
    collector = TestCollector.start();
    agent =
        AgentUnderTest.start(
            "--reporter.grpc.host-port=" + collector.hostPort(), "--agent.tags=zone=eu-1");
  }

  @AfterEach
  void stop() throws Exception {
    agent.close();
    collector.close();
  }

  private static Batch batch(String service, long spanId, String operation) {
    io.jaegertracing.thriftjava.Span span =
        new io.jaegertracing.thriftjava.Span(
            0x1234L, 0xABCDL, spanId, 0L, operation, 1, 1_000L, 5L);
    span.setTags(
        new ArrayList<>(
            List.of(
                new Tag("blob", TagType.BINARY).setVBinary(new byte[] {1, 2, 3}),
                new Tag("str", TagType.STRING).setVStr("s"),
                new Tag("dbl", TagType.DOUBLE).setVDouble(1.5))));
    span.setParentSpanId(0x77L);
    Process process = new Process(service);
    process.setTags(new ArrayList<>(List.of(new Tag("client-uuid", TagType.STRING).setVStr("u1"))));
    return new Batch(process, new ArrayList<>(List.of(span)));
  }

  @Test
  void jaegerBatches_onCompactAndBinaryPorts() throws Exception {
    agent.sendUdp(
        AgentEndpoint.JAEGER_COMPACT,
        ThriftPackets.emitBatch(batch("svc-c", 1, "compact-op"), true));
    agent.sendUdp(
        AgentEndpoint.JAEGER_BINARY,
        ThriftPackets.emitBatch(batch("svc-b", 2, "binary-op"), false));

    await().until(() -> collector.spans().size() == 2);
    for (String op : List.of("compact-op", "binary-op")) {
      Span span = byOperation(collector.spans(), op);
      assertThat(span.getTraceId()).isEqualTo(TraceIds.traceId(0xABCDL, 0x1234L));
      assertTag(span.getTagsList(), "blob", ValueType.BINARY, new byte[] {1, 2, 3});
      assertTag(span.getTagsList(), "dbl", ValueType.FLOAT64, 1.5);
      assertThat(span.getReferencesList())
          .anySatisfy(
              r -> {
                assertThat(r.getRefType()).isEqualTo(SpanRefType.CHILD_OF);
                assertThat(r.getSpanId()).isEqualTo(TraceIds.spanId(0x77L));
              });
      assertTag(span.getProcess().getTagsList(), "client-uuid", ValueType.STRING, "u1");
      assertTag(span.getProcess().getTagsList(), "zone", ValueType.STRING, "eu-1");
    }
    assertThat(byOperation(collector.spans(), "binary-op").getProcess().getServiceName())
        .isEqualTo("svc-b");
  }

  @Test
  void zipkinBatch_onPort5775() throws Exception {
    Endpoint endpoint = new Endpoint(0x7F000001, (short) 8080, "legacy-svc");
    com.twitter.zipkin.thriftjava.Span span =
        new com.twitter.zipkin.thriftjava.Span(
            0x55L,
            "get /legacy",
            0x66L,
            new ArrayList<>(
                List.of(
                    new Annotation(1_000L, "sr").setHost(endpoint),
                    new Annotation(1_500L, "ss").setHost(endpoint))),
            new ArrayList<>());
    span.setTimestamp(1_000L);
    span.setDuration(500L);

    agent.sendUdp(AgentEndpoint.ZIPKIN_COMPACT, ThriftPackets.emitZipkinBatch(List.of(span)));

    await().until(() -> collector.spans().size() == 1);
    Span received = collector.spans().get(0);
    assertThat(received.getOperationName()).isEqualTo("get /legacy");
    assertThat(received.getSpanId()).isEqualTo(TraceIds.spanId(0x66L));
    assertThat(received.getProcess().getServiceName()).isEqualTo("legacy-svc");
    assertTag(received.getProcess().getTagsList(), "zone", ValueType.STRING, "eu-1");
  }

  @Test
  void malformedPackets_areCountedByReasonAndReceivingGoesOn() throws Exception {
    byte[] valid = ThriftPackets.emitBatch(batch("svc-c", 3, "after-garbage"), true);
    agent.sendUdp(AgentEndpoint.JAEGER_COMPACT, new byte[] {(byte) 0xFF, 0x13, 0x07});
    agent.sendUdp(AgentEndpoint.JAEGER_COMPACT, java.util.Arrays.copyOf(valid, valid.length / 2));
    agent.sendUdp(AgentEndpoint.JAEGER_COMPACT, valid);

    await().until(() -> collector.spans().size() == 1);
    assertThat(collector.spans().get(0).getOperationName()).isEqualTo("after-garbage");
    await()
        .until(
            () ->
                agent.metric(
                        "spanflow_agent_udp_malformed_packets_total",
                        "model",
                        "jaeger",
                        "protocol",
                        "compact")
                    == 2);
    assertThat(
            agent.metric(
                "jaeger_agent_thrift_udp_t_processor_handler_errors_total", "protocol", "compact"))
        .isEqualTo(2);
    assertThat(agent.metrics()).contains("reason=\"truncated\"");
    assertThat(agent.agent.application().check().healthy()).isTrue();
  }
}
