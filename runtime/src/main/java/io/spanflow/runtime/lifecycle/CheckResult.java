package io.spanflow.runtime.lifecycle;

import java.util.Objects;

/** The outcome of {@link Component#check()}: healthy, or failed with a human-readable reason. */
public final class CheckResult {
  private static final CheckResult OK = new CheckResult(true, "");

  private final boolean healthy;
  private final String reason;

  private CheckResult(boolean healthy, String reason) {
    this.healthy = healthy;
    this.reason = reason;
  }

  public static CheckResult ok() {
    return OK;
  }

  /** A failed check; {@code reason} says what is wrong, e.g. "no broker reachable at ...". */
  public static CheckResult failed(String reason) {
    Objects.requireNonNull(reason, "reason");
    return new CheckResult(false, reason.isBlank() ? "unknown" : reason);
  }

  /** A failed check whose reason is the exception's class and message. */
  public static CheckResult failed(Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    String message = cause.getMessage();
    String type = cause.getClass().getSimpleName();
    return failed(message == null || message.isBlank() ? type : type + ": " + message);
  }

  public boolean healthy() {
    return healthy;
  }

  /** Why the check failed; empty when healthy. */
  public String reason() {
    return reason;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CheckResult other
        && healthy == other.healthy
        && reason.equals(other.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(healthy, reason);
  }

  @Override
  public String toString() {
    return healthy ? "CheckResult{ok}" : "CheckResult{failed: " + reason + "}";
  }
}
