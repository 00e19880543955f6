package io.spanflow.processor.errors;

import io.spanflow.processor.validate.DlqReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stage that throws on a record does not stop the app: the source record (raw bytes as read from
 * its topic) goes to the DLQ with reason {@code processing_error}, is counted, and processing
 * continues with the next record.
 */
public final class DlqProcessingExceptionHandler implements ProcessingExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DlqProcessingExceptionHandler.class);

  private DeadLetters deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.from(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    LOG.warn(
        "Dead-lettering record {}-{}@{} after a processing error in {}",
        context.topic(),
        context.partition(),
        context.offset(),
        context.processorNodeId(),
        exception);
    return Response.resume(
        List.of(
            deadLetters.record(
                context,
                context.sourceRawKey(),
                context.sourceRawValue(),
                DlqReason.PROCESSING_ERROR,
                exception)));
  }
}
