package io.spanflow.query.adjust;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.schemas.ids.TraceIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zipkin's RPC model has the client and server record the same span id. Every later step wants ids
 * to be unique, so the server half gets a fresh id and becomes the child of the client half;
 * children of the server half follow it to the new id.
 */
public final class ZipkinSharedSpanIds implements Adjuster {

  static final String WARNING_NO_FREE_ID =
      "cannot assign unique span ID, too many spans in the trace";

  @Override
  public List<Span> adjust(List<Span> trace) {
    Set<ByteString> clientIds = new HashSet<>();
    Set<Long> usedIds = new HashSet<>();
    for (Span s : trace) {
      usedIds.add(TraceIds.low(s.getSpanId()));
      if (SpanFacts.spanKind(s).equals("client")) {
        clientIds.add(s.getSpanId());
      }
    }
    Map<ByteString, ByteString> oldToNew = new HashMap<>();
    List<Span> out = new ArrayList<>(trace.size());
    long next = 1;
    for (Span s : trace) {
      if (!SpanFacts.spanKind(s).equals("server")
          || !clientIds.contains(s.getSpanId())
          || oldToNew.containsKey(s.getSpanId())) {
        out.add(s);
        continue;
      }
      while (next != 0 && usedIds.contains(next)) {
        next++;
      }
      if (next == 0) {
        out.add(s.toBuilder().addWarnings(WARNING_NO_FREE_ID).build());
        continue;
      }
      usedIds.add(next);
      ByteString newId = TraceIds.spanId(next);
      oldToNew.put(s.getSpanId(), newId);
      out.add(withParent(s.toBuilder().setSpanId(newId).build(), s.getSpanId()));
    }
    if (oldToNew.isEmpty()) {
      return trace;
    }
    // Children of a renamed server span now point at its new id.
    List<Span> relinked = new ArrayList<>(out.size());
    for (Span s : out) {
      ByteString parent = SpanFacts.parentSpanId(s).orElse(null);
      ByteString renamed = parent == null ? null : oldToNew.get(parent);
      boolean isRenamedServer = oldToNew.containsValue(s.getSpanId());
      if (renamed != null && !isRenamedServer && !renamed.equals(s.getSpanId())) {
        relinked.add(withParent(s, renamed));
      } else {
        relinked.add(s);
      }
    }
    return relinked;
  }

  /** Replaces the parent (first same-trace CHILD_OF reference) or adds one in front. */
  static Span withParent(Span s, ByteString parentId) {
    Span.Builder b = s.toBuilder();
    for (int i = 0; i < b.getReferencesCount(); i++) {
      SpanRef ref = b.getReferences(i);
      if (ref.getRefType() == SpanRefType.CHILD_OF && ref.getTraceId().equals(s.getTraceId())) {
        b.setReferences(i, ref.toBuilder().setSpanId(parentId));
        return b.build();
      }
    }
    List<SpanRef> refs = new ArrayList<>(b.getReferencesList());
    refs.add(
        0,
        SpanRef.newBuilder()
            .setTraceId(s.getTraceId())
            .setSpanId(parentId)
            .setRefType(SpanRefType.CHILD_OF)
            .build());
    return b.clearReferences().addAllReferences(refs).build();
  }
}
