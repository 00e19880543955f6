package io.spanflow.processor.metrics;

import io.spanflow.processor.json.JsonSerde;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Binary serdes for the metrics stage's internal records: one sample per span crosses the
 * repartition topic and every sample rewrites a histogram in the store, so JSON there cost a large
 * share of the stream thread. Both still read the JSON that earlier versions wrote, so existing
 * repartition topics and changelogs keep working after an upgrade.
 */
final class MetricsSerdes {

  private static final byte SAMPLE_V1 = 1;

  private MetricsSerdes() {}

  static Serde<SpanSample> sample() {
    return Serdes.serdeFrom(
        (topic, s) ->
            s == null
                ? null
                : ByteBuffer.allocate(10)
                    .put(SAMPLE_V1)
                    .putLong(s.durationMicros())
                    .put((byte) (s.error() ? 1 : 0))
                    .array(),
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try {
            if (data.length > 0 && data[0] == '{') {
              return JsonSerde.MAPPER.readValue(data, SpanSample.class);
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            if (b.get() != SAMPLE_V1) {
              throw new IOException("unknown sample encoding " + data[0]);
            }
            return new SpanSample(b.getLong(), b.get() != 0);
          } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read a span sample", e);
          }
        });
  }

  static Serde<LatencyHistogram> histogram() {
    return Serdes.serdeFrom(
        (topic, h) -> h == null ? null : h.toBytes(),
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try {
            return LatencyHistogram.fromBytes(data);
          } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read a latency histogram", e);
          }
        });
  }
}
