package io.spanflow.tracegen.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.thrift.JaegerThriftDecoder;
import io.spanflow.schemas.thrift.ThriftProtocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JaegerUdpSenderTest {

  @ParameterizedTest
  @EnumSource(ThriftProtocol.class)
  void packetsDecodeAsAgentEmitBatchCallsAndStayUnderTheLimit(ThriftProtocol protocol)
      throws Exception {
    List<Span> spans = TraceFixtures.spans(400);
    List<byte[]> packets =
        JaegerUdpSender.packets(spans, protocol, JaegerUdpSender.MAX_PACKET_BYTES);

    assertThat(packets.size()).isGreaterThan(6); // 6 services, and more than 65 kB for some
    List<Span> decoded = new ArrayList<>();
    for (byte[] packet : packets) {
      assertThat(packet.length).isLessThanOrEqualTo(JaegerUdpSender.MAX_PACKET_BYTES);
      Batch batch = JaegerThriftDecoder.decodeEmitBatch(packet, packet.length, protocol);
      assertThat(batch.getSpansList())
          .allSatisfy(s -> assertThat(s.getProcess()).isEqualTo(batch.getProcess()));
      decoded.addAll(batch.getSpansList());
    }
    // The decoder embeds the batch process into each span, as the generator's spans carry it.
    assertThat(decoded).containsExactlyInAnyOrderElementsOf(spans);
  }

  @ParameterizedTest
  @EnumSource(ThriftProtocol.class)
  void aSmallLimitSplitsBatchesWithoutLosingSpans(ThriftProtocol protocol) throws Exception {
    List<Span> spans = TraceFixtures.spans(5);
    List<byte[]> packets = JaegerUdpSender.packets(spans, protocol, 4_000);
    int count = 0;
    for (byte[] packet : packets) {
      assertThat(packet.length).isLessThanOrEqualTo(4_000);
      count += JaegerThriftDecoder.decodeEmitBatch(packet, packet.length, protocol).getSpansCount();
    }
    assertThat(count).isEqualTo(spans.size());
  }
}
