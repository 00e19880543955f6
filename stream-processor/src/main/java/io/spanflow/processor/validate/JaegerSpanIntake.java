package io.spanflow.processor.validate;

import io.spanflow.processor.observe.ProcessorMetrics;
import io.spanflow.schemas.ids.TraceIds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads raw {@code jaeger-spans} records (bytes, so that nothing fails before we can dead-letter
 * it), validates them, and forwards either the span keyed by its trace id or a dead letter.
 */
public final class JaegerSpanIntake implements Processor<byte[], byte[], String, SpanIntake> {

  private final SpanValidator validator;
  private final ProcessorMetrics metrics;
  private ProcessorContext<String, SpanIntake> context;

  public JaegerSpanIntake(SpanValidator validator, ProcessorMetrics metrics) {
    this.validator = validator;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, SpanIntake> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    metrics.recordIn(meta == null ? "unknown" : meta.topic());
    Validation v = validator.validate(record.value(), record.timestamp());
    if (v instanceof Validation.Rejected r) {
      metrics.dlq(r.reason().label());
      context.forward(deadLetter(context, record, r.reason(), r.detail()));
      return;
    }
    Validation.Accepted a = (Validation.Accepted) v;
    a.repairs().forEach(metrics::repaired);
    String traceId = TraceIds.toHex(a.span().getTraceId());
    boolean keyed =
        record.key() != null
            && Arrays.equals(record.key(), traceId.getBytes(StandardCharsets.UTF_8));
    context.forward(
        new Record<>(
            traceId,
            SpanIntake.accepted(a.span(), keyed),
            record.timestamp(),
            new RecordHeaders()));
  }

  /** The dead letter for {@code record}: original key, value and headers plus ours. */
  static Record<String, SpanIntake> deadLetter(
      ProcessorContext<?, ?> context,
      Record<byte[], byte[]> record,
      DlqReason reason,
      String detail) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    return new Record<>(
        null,
        SpanIntake.rejected(record.key(), record.value()),
        record.timestamp(),
        DlqHeaders.with(
            record.headers(),
            reason,
            detail,
            meta == null ? null : meta.topic(),
            meta == null ? -1 : meta.partition(),
            meta == null ? -1 : meta.offset()));
  }
}
