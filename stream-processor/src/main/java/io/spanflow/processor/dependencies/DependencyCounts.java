package io.spanflow.processor.dependencies;

/** Running counts of one edge in one bucket (the windowed aggregate's value). */
public record DependencyCounts(long callCount, long errorCount) {

  static final DependencyCounts ZERO = new DependencyCounts(0, 0);

  DependencyCounts add(DependencyEdge e) {
    return new DependencyCounts(callCount + 1, errorCount + (e.error() ? 1 : 0));
  }
}
