package io.spanflow.agent.reporter;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.spanflow.proto.jaeger.Process;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A ready-to-send {@code PostSpansRequest}: its wire bytes written straight from the buffered span
 * bytes ({@code PostSpansRequest.batch = 1}, {@code Batch.spans = 1}, {@code Batch.process = 2}),
 * so spans are never decoded back into objects on the way out.
 *
 * @param requestBytes the serialized {@code jaeger.api_v2.PostSpansRequest}
 * @param spanCount spans in the batch
 */
public record EncodedBatch(byte[] requestBytes, int spanCount) {
  private static final int BATCH_SPANS = 1;
  private static final int BATCH_PROCESS = 2;
  private static final int REQUEST_BATCH = 1;

  /**
   * Each span keeps its embedded process; the batch process is set too when all spans share one
   * (the usual case for a sidecar), for collectors that read it from the batch.
   */
  static EncodedBatch of(List<EncodedSpan> spans) {
    Process shared = spans.get(0).process();
    for (EncodedSpan span : spans) {
      Process p = span.process();
      if (p != shared && !p.equals(shared)) {
        shared = null;
        break;
      }
    }
    int batchSize = 0;
    for (EncodedSpan span : spans) {
      batchSize += CodedOutputStream.computeByteArraySize(BATCH_SPANS, span.bytes());
    }
    if (shared != null) {
      batchSize += CodedOutputStream.computeMessageSize(BATCH_PROCESS, shared);
    }
    int total =
        CodedOutputStream.computeTagSize(REQUEST_BATCH)
            + CodedOutputStream.computeUInt32SizeNoTag(batchSize)
            + batchSize;
    byte[] out = new byte[total];
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    try {
      coded.writeTag(REQUEST_BATCH, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      coded.writeUInt32NoTag(batchSize);
      for (EncodedSpan span : spans) {
        coded.writeByteArray(BATCH_SPANS, span.bytes());
      }
      if (shared != null) {
        coded.writeMessage(BATCH_PROCESS, shared);
      }
      coded.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EncodedBatch(out, spans.size());
  }
}
