/** Trace and span id encodings: 16-byte / 8-byte big-endian binary and Jaeger's hex strings. */
package io.spanflow.schemas.ids;
