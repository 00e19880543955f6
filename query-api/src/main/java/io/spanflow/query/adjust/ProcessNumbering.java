package io.spanflow.query.adjust;

import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each distinct process of the trace an id {@code p1}, {@code p2}, ... in order of first
 * appearance, and sets it on every span, so the UI model can list each process once.
 */
public final class ProcessNumbering implements Adjuster {

  @Override
  public List<Span> adjust(List<Span> trace) {
    Map<Process, String> ids = new HashMap<>();
    List<Span> out = new ArrayList<>(trace.size());
    for (Span s : trace) {
      String id = ids.computeIfAbsent(s.getProcess(), p -> "p" + (ids.size() + 1));
      out.add(s.getProcessId().equals(id) ? s : s.toBuilder().setProcessId(id).build());
    }
    return out;
  }
}
