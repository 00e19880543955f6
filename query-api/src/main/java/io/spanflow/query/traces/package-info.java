/**
 * Traces in Jaeger's v1 HTTP API: search and trace-by-id handlers, query parameter parsing and the
 * UI's JSON model of a trace.
 */
package io.spanflow.query.traces;
