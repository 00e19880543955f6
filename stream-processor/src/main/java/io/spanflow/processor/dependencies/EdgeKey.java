package io.spanflow.processor.dependencies;

/** The grouping key of edges: parent and child service, NUL-separated (names never hold NUL). */
final class EdgeKey {
  private EdgeKey() {}

  static String of(DependencyEdge e) {
    return e.parent() + '\u0000' + e.child();
  }

  static String parent(String key) {
    return key.substring(0, key.indexOf('\u0000'));
  }

  static String child(String key) {
    return key.substring(key.indexOf('\u0000') + 1);
  }
}
