package io.spanflow.runtime.lifecycle;

/**
 * One I/O part of a Spanflow process (a server, a consumer, a producer, a client pool).
 *
 * <p>{@link #start()} acquires resources and may fail; {@link #check()} reports health without
 * throwing, so a dead backend shows up on the admin port instead of crashing the process; {@link
 * #close()} stops accepting work, flushes what is held and releases resources. {@code close()} is
 * idempotent and may be called even if {@code start()} failed or never ran.
 */
public interface Component extends AutoCloseable {

  /** A short stable name used in logs and health output, e.g. {@code "grpc-reporter"}. */
  String name();

  /** Acquires resources (binds ports, connects). Called at most once. */
  void start() throws Exception;

  /** Current health; must not throw and should be cheap. */
  CheckResult check();

  /** Stops accepting, flushes, releases resources. Idempotent; never throws checked exceptions. */
  @Override
  void close();
}
