package io.spanflow.processor.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.topology.SpanflowTopology;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Streams app as a lifecycle component: healthy while Streams is RUNNING (a rebalance
 * shows as unhealthy until it settles). Streams' own metrics, consumer lag included ({@code
 * kafka_consumer_fetch_manager_records_lag_max}), are bound to the registry.
 */
public final class StreamsComponent implements Component {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsComponent.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);

  private final ProcessorConfig config;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;

  public StreamsComponent(ProcessorConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "kafka-streams";
  }

  @Override
  public void start() {
    KafkaStreams s = new KafkaStreams(SpanflowTopology.build(config), config.streamsProperties());
    s.setUncaughtExceptionHandler(
        e -> {
          // Bad records never get here (the exception handlers take them); this is a broken
          // thread, e.g. a fenced producer: replace it rather than stop the app.
          LOG.error("Stream thread died; replacing it", e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    s.setStateListener((now, before) -> LOG.info("Kafka Streams state {} -> {}", before, now));
    streamsMetrics = new KafkaStreamsMetrics(s);
    streamsMetrics.bindTo(config.metrics().registry());
    Gauge.builder(
            "spanflow.processor.streams.running",
            s,
            k -> k.state() == KafkaStreams.State.RUNNING ? 1 : 0)
        .description("1 while Kafka Streams is RUNNING")
        .register(config.metrics().registry());
    streams = s;
    s.start();
    LOG.info("Started {}", config);
  }

  /** The Streams state, for tests and logs. */
  public KafkaStreams.State state() {
    KafkaStreams s = streams;
    return s == null ? KafkaStreams.State.CREATED : s.state();
  }

  @Override
  public CheckResult check() {
    KafkaStreams.State state = state();
    return state == KafkaStreams.State.RUNNING
        ? CheckResult.ok()
        : CheckResult.failed("Kafka Streams is " + state);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    KafkaStreams s = streams;
    if (s != null) {
      // close() commits what was processed (and its transaction under exactly-once)
      s.close(CLOSE_TIMEOUT);
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
  }
}
