/**
 * Forwarding to the collectors: a bounded span buffer, batching by span count, bytes and time, and
 * {@code jaeger.api_v2.CollectorService/PostSpans} round-robin over the collectors with retry and
 * backoff. The buffer is the retry buffer too: while no collector answers it fills, and what does
 * not fit is dropped and counted.
 */
package io.spanflow.agent.reporter;
