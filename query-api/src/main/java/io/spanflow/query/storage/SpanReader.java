package io.spanflow.query.storage;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.Span;
import java.util.List;
import java.util.Optional;

/**
 * Reads spans. Every method may throw {@link StorageUnavailableException} when the backend cannot
 * be reached; an unknown trace is an empty {@link Optional}, never an exception.
 */
public interface SpanReader {

  /** All spans of one trace, however many; empty when the trace is unknown. */
  Optional<List<Span>> getTrace(ByteString traceId);

  /** Service names, sorted. */
  List<String> getServices();

  /** Operations of a service, optionally of one span kind, sorted by name then kind. */
  List<Operation> getOperations(OperationQuery query);

  /** Ids of the traces that match, most recent first, at most {@code query.limit()}. */
  List<ByteString> findTraceIds(TraceQuery query);

  /** The whole traces that match, most recent first, at most {@code query.limit()}. */
  default List<List<Span>> findTraces(TraceQuery query) {
    return findTraceIds(query).stream().map(this::getTrace).flatMap(Optional::stream).toList();
  }
}
