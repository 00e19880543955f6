package io.spanflow.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spanflow.processor.json.JsonSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class MetricsSerdesTest {

  @Test
  void histogramRoundTripsThroughTheBinaryForm() {
    LatencyHistogram h = new LatencyHistogram().add(120, false).add(95_000, true).add(3, false);
    Serde<LatencyHistogram> serde = MetricsSerdes.histogram();

    LatencyHistogram back =
        serde.deserializer().deserialize("t", serde.serializer().serialize("t", h));

    assertThat(back.count()).isEqualTo(3);
    assertThat(back.errors()).isEqualTo(1);
    assertThat(back.sumMicros()).isEqualTo(95_123);
    assertThat(back.minMicros()).isEqualTo(3);
    assertThat(back.maxMicros()).isEqualTo(95_000);
    assertThat(back.bounds()).isEqualTo(h.bounds());
    assertThat(back.counts()).isEqualTo(h.counts());
    assertThat(back.percentile(0.99)).isEqualTo(h.percentile(0.99));
  }

  @Test
  void histogramsStoredAsJsonByEarlierVersionsStillRead() {
    LatencyHistogram h = new LatencyHistogram().add(500, true).add(700, false);
    byte[] json = JsonSerde.of(LatencyHistogram.class).serializer().serialize("t", h);

    LatencyHistogram back = MetricsSerdes.histogram().deserializer().deserialize("t", json);

    assertThat(back.count()).isEqualTo(2);
    assertThat(back.errors()).isEqualTo(1);
    assertThat(back.counts()).isEqualTo(h.counts());
  }

  @Test
  void samplesRoundTripAndJsonSamplesStillRead() {
    Serde<SpanSample> serde = MetricsSerdes.sample();
    SpanSample s = new SpanSample(1_234_567, true);

    byte[] bytes = serde.serializer().serialize("t", s);

    assertThat(bytes).hasSize(10);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(s);
    byte[] json = JsonSerde.of(SpanSample.class).serializer().serialize("t", s);
    assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(s);
  }

  @Test
  void anUnknownEncodingIsAnErrorNotAZero() {
    assertThatThrownBy(
            () -> MetricsSerdes.sample().deserializer().deserialize("t", new byte[] {9, 0, 0}))
        .isInstanceOf(SerializationException.class);
  }
}
