package io.spanflow.tracegen.traces;

import java.util.List;
import java.util.Objects;

/**
 * One call in a request's call tree. The root is the entry point (a SERVER span in {@link
 * #service}); an {@link CallType#HTTP} child is a CLIENT span in the caller plus a SERVER span in
 * its own service; a {@link CallType#DB} or {@link CallType#CACHE} child is a CLIENT span in the
 * caller towards {@link #service} (for example {@code postgres}), as instrumented drivers emit.
 *
 * <p>Nodes are compared by identity, so a {@link FaultPlan} can single out one call.
 *
 * @param service the callee's service name
 * @param operation span name, e.g. {@code GET /api/cart} or {@code SELECT orders}
 * @param type how the caller reaches it
 * @param detail the request path for HTTP, the statement for DB and CACHE
 * @param selfMicros typical time spent in the callee itself, before jitter
 * @param errorRate chance that this call fails, for {@link FaultPlan#random}
 * @param slowRate chance that this call is a slow outlier, for {@link FaultPlan#random}
 * @param children calls made while serving this one, in order
 */
public record CallNode(
    String service,
    String operation,
    CallType type,
    String detail,
    long selfMicros,
    double errorRate,
    double slowRate,
    List<CallNode> children) {

  public CallNode {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(detail, "detail");
    children = List.copyOf(children);
    if (type != CallType.HTTP && !children.isEmpty()) {
      throw new IllegalArgumentException(type + " calls cannot have children: " + operation);
    }
  }

  /** An HTTP endpoint, {@code method path}, e.g. {@code http("cart", "GET", "/api/cart", 800)}. */
  public static CallNode http(
      String service, String method, String path, long selfMicros, CallNode... children) {
    return new CallNode(
        service, method + " " + path, CallType.HTTP, path, selfMicros, 0, 0, List.of(children));
  }

  /** A SQL statement; the operation is its verb and table, e.g. {@code SELECT orders}. */
  public static CallNode db(String service, String operation, String statement, long selfMicros) {
    return new CallNode(service, operation, CallType.DB, statement, selfMicros, 0, 0, List.of());
  }

  /** A cache command, e.g. {@code cache("redis", "HGETALL", "HGETALL cart:{id}", 300)}. */
  public static CallNode cache(String service, String command, String statement, long selfMicros) {
    return new CallNode(service, command, CallType.CACHE, statement, selfMicros, 0, 0, List.of());
  }

  /** The same call failing with the given chance (for the demo's random faults). */
  public CallNode withErrorRate(double rate) {
    return new CallNode(service, operation, type, detail, selfMicros, rate, slowRate, children);
  }

  /** The same call being a slow outlier with the given chance. */
  public CallNode withSlowRate(double rate) {
    return new CallNode(service, operation, type, detail, selfMicros, errorRate, rate, children);
  }

  /**
   * How many spans this call yields (two per HTTP call, one per DB/cache call; one at the root).
   */
  public int spanCount(boolean root) {
    int own = type == CallType.HTTP && !root ? 2 : 1;
    int sum = own;
    for (CallNode child : children) {
      sum += child.spanCount(false);
    }
    return sum;
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  /** How a caller reaches a callee. */
  public enum CallType {
    HTTP,
    DB,
    CACHE
  }
}
