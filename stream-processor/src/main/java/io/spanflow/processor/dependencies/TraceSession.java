package io.spanflow.processor.dependencies;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

/**
 * One trace's session state; its spans live in a separate store keyed by trace and span, so that
 * adding a span to a large trace writes one small value, not the whole trace.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE)
final class TraceSession {
  /** Wall-clock time of the last span's arrival. */
  long lastArrivalMillis;

  /** The session's edges have been published; a later span opens a new session. */
  boolean closed;

  TraceSession() {}
}
