package io.spanflow.tracegen.demo;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Flags of {@code ./spanflow demo}. */
public final class DemoOptions {

  @Option(names = "--rate", defaultValue = "5", description = "Shop requests (traces) per second.")
  public double rate;

  @Option(
      names = "--duration",
      defaultValue = "0",
      description = "Stop after this long (e.g. 5m); 0: until Ctrl-C.")
  public Duration duration;

  @Option(
      names = "--agent.host-port",
      defaultValue = "127.0.0.1:6831",
      description = "The agent's jaeger.thrift compact UDP port.")
  public String agent;

  @Option(
      names = "--collector.otlp.grpc.host-port",
      defaultValue = "127.0.0.1:4317",
      description = "The collector's OTLP gRPC port.")
  public String otlpGrpc;

  @Option(
      names = "--collector.otlp.http.host-port",
      defaultValue = "127.0.0.1:4318",
      description = "The collector's OTLP HTTP port.")
  public String otlpHttp;

  @Option(
      names = "--collector.zipkin.host-port",
      defaultValue = "127.0.0.1:9411",
      description = "The collector's Zipkin port.")
  public String zipkin;
}
