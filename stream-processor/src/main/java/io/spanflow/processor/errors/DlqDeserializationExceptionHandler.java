package io.spanflow.processor.errors;

import io.spanflow.processor.validate.DlqReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record Kafka Streams cannot deserialize (input topics are read as bytes, so in practice a
 * corrupt record on an internal topic) goes to the DLQ, is counted, and processing continues.
 */
public final class DlqDeserializationExceptionHandler implements DeserializationExceptionHandler {

  private static final Logger LOG =
      LoggerFactory.getLogger(DlqDeserializationExceptionHandler.class);

  private DeadLetters deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.from(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    LOG.warn(
        "Dead-lettering undeserializable record {}-{}@{}",
        context.topic(),
        context.partition(),
        context.offset(),
        exception);
    return Response.resume(
        List.of(
            deadLetters.record(
                context,
                record.key(),
                record.value(),
                DlqReason.DESERIALIZATION_ERROR,
                exception)));
  }
}
