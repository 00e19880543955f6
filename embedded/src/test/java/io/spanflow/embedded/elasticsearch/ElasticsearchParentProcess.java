package io.spanflow.embedded.elasticsearch;

import java.nio.file.Path;

/** A parent JVM for {@link ElasticsearchNodeIT}: starts a node, reports its pid, then waits. */
public final class ElasticsearchParentProcess {

  static final String CHILD_PID = "child-pid=";

  private ElasticsearchParentProcess() {}

  public static void main(String[] args) throws Exception {
    ElasticsearchNode node = ElasticsearchNode.builder().dir(Path.of(args[0])).build();
    node.start();
    System.out.println(CHILD_PID + node.processHandle().orElseThrow().pid());
    System.out.flush();
    Thread.currentThread().join(); // until killed
  }
}
