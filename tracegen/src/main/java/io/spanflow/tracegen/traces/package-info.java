/**
 * Realistic traces: a call tree of services ({@link io.spanflow.tracegen.traces.CallNode}) becomes
 * {@code jaeger.api_v2} spans with CLIENT/SERVER pairs, http/db tags, logs, errors and slow
 * outliers ({@link io.spanflow.tracegen.traces.TraceFactory}).
 */
package io.spanflow.tracegen.traces;
