package io.spanflow.agent.reporter;

import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;

/**
 * A span as it waits in the buffer: its protobuf bytes (a decoded {@code Span} object takes several
 * times its serialized size on the heap), plus a reference to its process, which spans of one
 * client batch share, so batches can tell whether they have a single process.
 */
record EncodedSpan(byte[] bytes, Process process) {

  /** Heap bytes an entry holds beyond its payload (array header, record, deque slot). */
  static final int OVERHEAD = 64;

  static EncodedSpan of(Span span) {
    return new EncodedSpan(span.toByteArray(), span.getProcess());
  }

  /** What the entry costs against the buffer's bound. */
  long cost() {
    return bytes.length + OVERHEAD;
  }
}
