package io.spanflow.processor.dependencies;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.ArrayList;
import java.util.List;

/** One trace's state in the session store. */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE)
final class TraceSession {
  /** Wall-clock time of the last span's arrival. */
  long lastArrivalMillis;

  /** The session's edges have been published; a later span opens a new session. */
  boolean closed;

  List<SpanNode> nodes = new ArrayList<>();

  TraceSession() {}

  void add(SpanNode node, long nowMillis) {
    lastArrivalMillis = nowMillis;
    closed = false;
    for (SpanNode n : nodes) {
      if (n.sameSpan(node)) {
        return;
      }
    }
    nodes.add(node);
  }
}
