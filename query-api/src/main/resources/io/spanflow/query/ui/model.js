// The trace model the pages share: a tree of spans with service names resolved, and summaries.
import { isErrorSpan } from './util.js';

/**
 * Builds the span tree of a Jaeger JSON trace. Parent = the first reference to a span present in
 * the trace (CHILD_OF preferred); spans whose parent is missing become extra roots.
 */
export function buildTrace(trace) {
  const processes = trace.processes || {};
  const byId = new Map();
  let start = Infinity;
  let end = -Infinity;
  for (const s of trace.spans || []) {
    const p = processes[s.processID] || s.process || { serviceName: 'unknown', tags: [] };
    const node = {
      span: s,
      id: s.spanID,
      service: p.serviceName,
      process: p,
      start: s.startTime,
      duration: s.duration,
      end: s.startTime + s.duration,
      error: isErrorSpan(s),
      children: [],
      parent: null,
      depth: 0,
    };
    byId.set(s.spanID, node);
    start = Math.min(start, node.start);
    end = Math.max(end, node.end);
  }
  const roots = [];
  for (const node of byId.values()) {
    const refs = node.span.references || [];
    const ref =
      refs.find((r) => r.refType === 'CHILD_OF' && byId.has(r.spanID) && r.spanID !== node.id) ||
      refs.find((r) => byId.has(r.spanID) && r.spanID !== node.id);
    if (ref) {
      node.parent = byId.get(ref.spanID);
      node.parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  const byStart = (a, b) => a.start - b.start;
  roots.sort(byStart);
  // Iterative DFS: depth and a pre-order list; deep traces must not overflow the stack.
  const order = [];
  const stack = roots.slice().reverse();
  const seen = new Set();
  while (stack.length) {
    const n = stack.pop();
    if (seen.has(n)) continue; // reference cycles in bad data
    seen.add(n);
    n.depth = n.parent ? n.parent.depth + 1 : 0;
    order.push(n);
    n.children.sort(byStart);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  const services = new Map();
  let errors = 0;
  let maxDepth = 0;
  for (const n of order) {
    services.set(n.service, (services.get(n.service) || 0) + 1);
    if (n.error) errors++;
    maxDepth = Math.max(maxDepth, n.depth);
  }
  const root = roots[0];
  return {
    raw: trace,
    traceID: trace.traceID || (root && root.span.traceID) || '',
    byId,
    roots,
    order,
    start: order.length ? start : 0,
    end: order.length ? end : 0,
    duration: order.length ? end - start : 0,
    services,
    errors,
    maxDepth,
    root,
    warnings: trace.warnings || [],
  };
}

/**
 * Spans on the critical path: walking back from the end of each span, the last-finishing child
 * that ends before the cursor is what the span waited for. Returns spanID → [[start, end], ...].
 */
export function criticalPath(model) {
  const segments = new Map();
  const add = (n, s, e) => {
    if (e <= s) return;
    if (!segments.has(n.id)) segments.set(n.id, []);
    segments.get(n.id).push([s, e]);
  };
  if (!model.root) return segments;
  const work = [[model.root, model.root.end]];
  while (work.length) {
    const [n, limit] = work.pop();
    let cursor = Math.min(n.end, limit);
    const kids = n.children.slice().sort((a, b) => b.end - a.end);
    for (const c of kids) {
      if (c.start >= cursor || c.start < n.start) continue;
      const cEnd = Math.min(c.end, cursor);
      add(n, cEnd, cursor);
      work.push([c, cEnd]);
      cursor = c.start;
    }
    add(n, n.start, cursor);
  }
  return segments;
}

/** Row-list summary of a trace for search results. */
export function summarize(trace) {
  const m = buildTrace(trace);
  return {
    traceID: m.traceID,
    rootService: m.root ? m.root.service : 'unknown',
    rootOperation: m.root ? m.root.span.operationName : '(no spans)',
    spanCount: m.order.length,
    services: [...m.services.entries()].sort((a, b) => b[1] - a[1]),
    duration: m.duration,
    start: m.start,
    errors: m.errors,
    missingRoot: m.roots.length > 1,
    raw: trace,
  };
}
