package io.spanflow.tracegen.send;

import io.spanflow.proto.jaeger.Span;
import java.util.List;

/** Sends spans (each with its process) in one protocol; one call is one request. */
public interface SpanSender extends AutoCloseable {

  /** Sends the spans; never throws for what the receiver answered. */
  Outcome send(List<Span> spans);

  @Override
  void close();
}
