package io.spanflow.allinone;

import io.spanflow.runtime.config.ConfigBinder;

/** {@code ./spanflow all-in-one}: everything in one process until Ctrl-C or SIGTERM. */
public final class AllInOneMain {
  private AllInOneMain() {}

  public static void main(String[] args) {
    AllInOneOptions options = ConfigBinder.bind("spanflow all-in-one", new AllInOneOptions(), args);
    AllInOne.builder()
        .dataDir(options.dataDir())
        .kafkaPort(options.kafkaPort())
        .esPort(options.esPort())
        .esHeap(options.esHeap())
        .partitions(options.partitions())
        .demo(options.demo() ? options.demoRate() : 0)
        .build()
        .run();
  }
}
