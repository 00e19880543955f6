package io.spanflow.processor.validate;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanflow.processor.observe.ProcessorMetrics;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.convert.ConversionResult;
import io.spanflow.schemas.ids.TraceIds;
import io.spanflow.schemas.otlp.OtlpSpanConverter;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads an {@code otlp_proto} topic (one {@code ExportTraceServiceRequest} per record, as the OTel
 * collector's and Jaeger v2's Kafka exporters write it), converts it to Jaeger spans and validates
 * each like a {@code jaeger-spans} record. Such records hold many traces, so every span is
 * repartitioned by its trace id. Spans the converter or the validator rejects are reported in one
 * dead letter per record, holding the whole original request; the others go on.
 */
public final class OtlpSpanIntake implements Processor<byte[], byte[], String, SpanIntake> {

  private final SpanValidator validator;
  private final ProcessorMetrics metrics;
  private ProcessorContext<String, SpanIntake> context;

  public OtlpSpanIntake(SpanValidator validator, ProcessorMetrics metrics) {
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
    ExportTraceServiceRequest request;
    try {
      if (record.value() == null || record.value().length == 0) {
        throw new InvalidProtocolBufferException("empty record value");
      }
      request = ExportTraceServiceRequest.parseFrom(record.value());
    } catch (InvalidProtocolBufferException e) {
      metrics.dlq(DlqReason.OTLP_UNDECODABLE.label());
      context.forward(
          JaegerSpanIntake.deadLetter(context, record, DlqReason.OTLP_UNDECODABLE, e.getMessage()));
      return;
    }
    ConversionResult converted = OtlpSpanConverter.convert(request);
    List<String> problems = new ArrayList<>();
    converted.rejected().forEach(r -> problems.add(r.reason() + ": " + r.detail()));
    for (Span span : converted.spans()) {
      Validation v = validator.validate(span, record.timestamp());
      if (v instanceof Validation.Rejected r) {
        problems.add(r.reason().label() + ": " + r.detail());
        continue;
      }
      Validation.Accepted a = (Validation.Accepted) v;
      a.repairs().forEach(metrics::repaired);
      context.forward(
          new Record<>(
              TraceIds.toHex(a.span().getTraceId()),
              SpanIntake.accepted(a.span(), false),
              record.timestamp(),
              new RecordHeaders()));
    }
    if (!problems.isEmpty()) {
      metrics.dlq(DlqReason.OTLP_REJECTED.label());
      context.forward(
          JaegerSpanIntake.deadLetter(
              context,
              record,
              DlqReason.OTLP_REJECTED,
              problems.size() + " span(s) rejected: " + String.join("; ", problems)));
    }
  }
}
