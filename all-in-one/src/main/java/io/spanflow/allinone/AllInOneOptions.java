package io.spanflow.allinone;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Flags of the all-in-one itself; each component keeps its own defaults and ports. */
public final class AllInOneOptions {

  @Option(
      names = "--data-dir",
      defaultValue = "./data",
      description = "Where the broker, Elasticsearch and the stream processor keep their state.")
  Path dataDir;

  @Option(
      names = "--kafka.port",
      defaultValue = "9092",
      description = "Port of the embedded Kafka broker on 127.0.0.1.")
  int kafkaPort;

  @Option(
      names = "--es.port",
      defaultValue = "9200",
      description = "HTTP port of the Elasticsearch child process on 127.0.0.1.")
  int esPort;

  @Option(
      names = "--es.heap",
      defaultValue = "512m",
      description = "Heap of the Elasticsearch child JVM (-Xms and -Xmx).")
  String esHeap;

  @Option(
      names = "--kafka.partitions",
      defaultValue = "4",
      description = "Partitions of the span topics created at first start.")
  int partitions;

  @Option(
      names = "--demo",
      defaultValue = "false",
      description =
          "Once everything is up, run the demo shop: traces through Jaeger UDP, OTLP and Zipkin.")
  boolean demo;

  @Option(
      names = "--demo.rate",
      defaultValue = "5",
      description = "Demo requests (traces) per second.")
  double demoRate;

  public Path dataDir() {
    return dataDir;
  }

  public int kafkaPort() {
    return kafkaPort;
  }

  public int esPort() {
    return esPort;
  }

  public String esHeap() {
    return esHeap;
  }

  public int partitions() {
    return partitions;
  }

  public boolean demo() {
    return demo;
  }

  public double demoRate() {
    return demoRate;
  }

  @Override
  public String toString() {
    return "AllInOneOptions{dataDir="
        + dataDir
        + ", kafkaPort="
        + kafkaPort
        + ", esPort="
        + esPort
        + ", esHeap="
        + esHeap
        + ", partitions="
        + partitions
        + ", demo="
        + demo
        + ", demoRate="
        + demoRate
        + "}";
  }
}
