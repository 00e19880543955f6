package io.spanflow.tracegen.traces;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.ids.TraceIds;
import java.util.List;

/**
 * One generated trace: its spans carry their process (service), as on the {@code jaeger-spans}
 * topic.
 */
public record GeneratedTrace(ByteString traceId, List<Span> spans, boolean failed, boolean slow) {

  public GeneratedTrace {
    spans = List.copyOf(spans);
  }

  public String traceIdHex() {
    return TraceIds.toHex(traceId);
  }
}
