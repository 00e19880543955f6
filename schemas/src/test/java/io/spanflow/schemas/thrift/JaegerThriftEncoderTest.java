package io.spanflow.schemas.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaegertracing.thriftjava.Batch;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.fixtures.TestTraces;
import java.util.List;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JaegerThriftEncoderTest {

  static List<List<Span>> traces() {
    return List.of(
        TestTraces.twoServiceTrace(),
        TestTraces.zipkinSharedSpanTrace(),
        TestTraces.allTypesTrace(),
        TestTraces.largeTrace(500));
  }

  @ParameterizedTest
  @EnumSource(ThriftProtocol.class)
  void fixtures_roundTripThroughThriftUnchanged(ThriftProtocol protocol) throws Exception {
    for (List<Span> trace : traces()) {
      for (io.spanflow.proto.jaeger.Batch batch : TestTraces.toBatches(trace)) {
        byte[] packet = JaegerThriftEncoder.encodeEmitBatch(batch, protocol);
        io.spanflow.proto.jaeger.Batch decoded =
            JaegerThriftDecoder.decodeEmitBatch(packet, packet.length, protocol);
        assertThat(decoded.getSpansList()).isEqualTo(batch.getSpansList());
        assertThat(decoded.getProcess()).isEqualTo(batch.getProcess());

        byte[] body = JaegerThriftEncoder.encodeBatch(batch, protocol);
        assertThat(JaegerThriftDecoder.decodeBatch(body, protocol).getSpansList())
            .isEqualTo(batch.getSpansList());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ThriftProtocol.class)
  void output_isReadableByTheRealGeneratedClasses(ThriftProtocol protocol) throws Exception {
    io.spanflow.proto.jaeger.Batch batch = TestTraces.toBatches(TestTraces.allTypesTrace()).get(0);
    byte[] body = JaegerThriftEncoder.encodeBatch(batch, protocol);
    Batch real = new Batch();
    new TDeserializer(
            protocol == ThriftProtocol.COMPACT
                ? new TCompactProtocol.Factory()
                : new TBinaryProtocol.Factory())
        .deserialize(real, body);
    real.validate();
    assertThat(real.getProcess().getServiceName()).isEqualTo("all-types");
    assertThat(real.getSpans()).hasSize(4);
    assertThat(real.getSpans().get(1).getParentSpanId()).isEqualTo(0xa1L);
    assertThat(real.getSpans().get(0).getTags()).hasSize(batch.getSpans(0).getTagsCount());
  }
}
