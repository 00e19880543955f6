package io.spanflow.processor.dependencies;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.spanflow.processor.enrich.SpanFacts;

/** What the dependency linker keeps of one span while its trace session is open. */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE)
final class SpanNode {
  String spanId;
  String parentId;
  String service;
  String kind;
  boolean error;
  String peerService;
  long startMillis;

  /** Its incoming edge (from its parent) has been emitted or ruled out. */
  boolean linked;

  /** For a client span with peer.service: its leaf edge has been decided. */
  boolean leafDecided;

  /** The leaf edge was emitted, so a child that shows up later must not count the call again. */
  boolean leafCounted;

  SpanNode() {}

  static SpanNode of(SpanFacts f) {
    SpanNode n = new SpanNode();
    n.spanId = f.spanId();
    n.parentId = f.parentSpanId();
    n.service = f.serviceName();
    n.kind = f.spanKind();
    n.error = f.error();
    n.peerService = f.peerService();
    n.startMillis = f.startMillis();
    return n;
  }

  boolean isClient() {
    return "client".equals(kind);
  }

  boolean isServer() {
    return "server".equals(kind);
  }

  boolean sameSpan(SpanNode o) {
    return spanId.equals(o.spanId) && kind.equals(o.kind) && service.equals(o.service);
  }
}
