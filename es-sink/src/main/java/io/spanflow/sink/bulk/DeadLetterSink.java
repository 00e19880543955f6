package io.spanflow.sink.bulk;

import java.util.List;

/** Where refused records go; the worker's offsets advance only after this returns. */
@FunctionalInterface
public interface DeadLetterSink {

  /** Stores every letter durably, or throws; the caller retries until it succeeds. */
  void publish(List<DeadLetter> letters) throws Exception;
}
