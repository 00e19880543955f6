package io.spanflow.processor.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.processor.json.JsonSerde;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SessionSerdesTest {

  private static SpanNode node() {
    SpanNode n = new SpanNode();
    n.spanId = "00000000000000a1";
    n.parentId = "";
    n.service = "frontend";
    n.kind = "client";
    n.error = true;
    n.peerService = "redis";
    n.startMillis = 1_763_726_400_000L;
    n.linked = true;
    n.leafCounted = true;
    return n;
  }

  private static <T> T roundTrip(Serde<T> serde, T value) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
  }

  @Test
  void spanNodesKeepEveryFieldAndFlag() {
    SpanNode back = roundTrip(SessionSerdes.node(), node());

    assertThat(back).usingRecursiveComparison().isEqualTo(node());
    assertThat(back.flags()).isEqualTo(node().flags()).isEqualTo(5);
  }

  @Test
  void sessionsKeepTheirArrivalAndState() {
    TraceSession s = new TraceSession();
    s.lastArrivalMillis = 42;
    s.closed = true;

    assertThat(roundTrip(SessionSerdes.session(), s)).usingRecursiveComparison().isEqualTo(s);
  }

  @Test
  void valuesStoredAsJsonByEarlierVersionsStillRead() {
    byte[] json = JsonSerde.of(SpanNode.class).serializer().serialize("t", node());
    assertThat(SessionSerdes.node().deserializer().deserialize("t", json))
        .usingRecursiveComparison()
        .isEqualTo(node());

    TraceSession s = new TraceSession();
    s.lastArrivalMillis = 7;
    byte[] sessionJson = JsonSerde.of(TraceSession.class).serializer().serialize("t", s);
    assertThat(
            SessionSerdes.session().deserializer().deserialize("t", sessionJson).lastArrivalMillis)
        .isEqualTo(7);
  }
}
