package io.spanflow.processor.errors;

import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.observe.ProcessorMetrics;
import io.spanflow.processor.validate.DlqHeaders;
import io.spanflow.processor.validate.DlqReason;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/** Builds the DLQ record an exception handler hands back to Kafka Streams. */
final class DeadLetters {

  private final String topic;
  private final ProcessorMetrics metrics;

  private DeadLetters(String topic, ProcessorMetrics metrics) {
    this.topic = topic;
    this.metrics = metrics;
  }

  static DeadLetters from(Map<String, ?> configs) {
    Object t = configs.get(ProcessorConfig.DLQ_TOPIC_CONFIG_KEY);
    Object m = configs.get(ProcessorConfig.METRICS_CONFIG_KEY);
    return new DeadLetters(
        t instanceof String s ? s : io.spanflow.schemas.kafka.Topics.SPANS_DLQ,
        m instanceof ProcessorMetrics pm ? pm : ProcessorMetrics.noop());
  }

  /** The source record as it was read (raw key and value), with the DLQ headers. */
  ProducerRecord<byte[], byte[]> record(
      ErrorHandlerContext context, byte[] key, byte[] value, DlqReason reason, Exception e) {
    metrics.dlq(reason.label());
    Headers headers =
        DlqHeaders.with(
            context.headers(),
            reason,
            e.getClass().getName() + ": " + e.getMessage(),
            context.topic(),
            context.partition(),
            context.offset());
    return new ProducerRecord<>(topic, null, key, value, headers);
  }
}
