package io.spanflow.query.storage;

import java.util.Objects;

/**
 * Calls from one service to another in one stored time bucket: Jaeger's dependency link plus the
 * number of those calls that failed (0 when the store does not know).
 */
public record ServiceLink(
    String parent, String child, long callCount, long errorCount, String source) {

  public ServiceLink {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(child, "child");
    if (callCount < 0 || errorCount < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    source = source == null ? "" : source;
  }

  public static ServiceLink of(String parent, String child, long callCount, long errorCount) {
    return new ServiceLink(parent, child, callCount, errorCount, "");
  }
}
