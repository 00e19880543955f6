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

  /** The node's key in the span store: trace id first, so one prefix scan finds a trace. */
  static String key(String traceId, SpanNode n) {
    return prefix(traceId) + n.spanId + '/' + n.kind + '/' + n.service;
  }

  static String prefix(String traceId) {
    return traceId + '/';
  }

  /** The flags the linker changes, to write back only nodes it changed. */
  int flags() {
    return (linked ? 1 : 0) | (leafDecided ? 2 : 0) | (leafCounted ? 4 : 0);
  }
}
