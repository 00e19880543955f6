package io.spanflow.processor.dependencies;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a trace's spans into service edges. Each edge belongs to one span, and a span's edge is
 * emitted once even when the trace is linked several times (late spans reopen a session):
 *
 * <ul>
 *   <li>a span whose parent is in another service gives parent.service → span.service;
 *   <li>the server half of a Zipkin shared span (same span id as a client half) gets the client
 *       half as its parent; a child of a shared span id has the server half as its parent;
 *   <li>a client span with {@code peer.service} and no child gives client.service → peer.service;
 *   <li>a service calling itself gives nothing;
 *   <li>a span whose parent has not arrived stays pending until it does or the trace expires.
 * </ul>
 */
final class DependencyLinker {

  private DependencyLinker() {}

  /** Edges not emitted before; marks the spans they belong to. */
  static List<DependencyEdge> link(List<SpanNode> nodes) {
    Map<String, List<SpanNode>> byId = new HashMap<>();
    for (SpanNode n : nodes) {
      byId.computeIfAbsent(n.spanId, k -> new ArrayList<>(2)).add(n);
    }
    List<DependencyEdge> edges = new ArrayList<>();
    for (SpanNode n : nodes) {
      if (n.linked) {
        continue;
      }
      SpanNode parent = sharedClientHalf(n, byId);
      if (parent == null) {
        if (n.parentId == null || n.parentId.isEmpty() || n.parentId.equals(n.spanId)) {
          n.linked = true; // a root has no incoming edge
          continue;
        }
        parent = preferredParent(byId.get(n.parentId));
        if (parent == null) {
          continue; // parent not here yet
        }
      }
      n.linked = true;
      if (parent.leafCounted) {
        continue; // counted as the parent's peer.service leaf already
      }
      if (!parent.service.equals(n.service)) {
        edges.add(
            new DependencyEdge(
                parent.service,
                n.service,
                n.error || (parent.isClient() && parent.error),
                n.startMillis));
      }
    }
    for (SpanNode c : nodes) {
      if (c.leafDecided || !c.isClient() || c.peerService == null || c.peerService.isEmpty()) {
        continue;
      }
      c.leafDecided = true;
      if (hasChild(c, nodes)) {
        continue;
      }
      c.leafCounted = true;
      if (!c.peerService.equals(c.service)) {
        edges.add(new DependencyEdge(c.service, c.peerService, c.error, c.startMillis));
      }
    }
    return edges;
  }

  private static SpanNode sharedClientHalf(SpanNode n, Map<String, List<SpanNode>> byId) {
    if (!n.isServer()) {
      return null;
    }
    for (SpanNode o : byId.get(n.spanId)) {
      if (o != n && o.isClient()) {
        return o;
      }
    }
    return null;
  }

  /** Of the spans with one id (two for a shared span), the one its children run in. */
  private static SpanNode preferredParent(List<SpanNode> candidates) {
    if (candidates == null || candidates.isEmpty()) {
      return null;
    }
    for (SpanNode c : candidates) {
      if (c.isServer()) {
        return c;
      }
    }
    for (SpanNode c : candidates) {
      if (!c.isClient()) {
        return c;
      }
    }
    return candidates.get(0);
  }

  private static boolean hasChild(SpanNode c, List<SpanNode> nodes) {
    for (SpanNode n : nodes) {
      if (n == c) {
        continue;
      }
      if (c.spanId.equals(n.parentId) || (n.isServer() && c.spanId.equals(n.spanId))) {
        return true;
      }
    }
    return false;
  }
}
