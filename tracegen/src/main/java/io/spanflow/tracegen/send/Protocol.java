package io.spanflow.tracegen.send;

import io.spanflow.schemas.thrift.ThriftProtocol;
import java.util.Locale;

/** The client protocols, with the port each is usually reached on. */
public enum Protocol {
  JAEGER_UDP_COMPACT("jaeger-udp-compact", 6831),
  JAEGER_UDP_BINARY("jaeger-udp-binary", 6832),
  JAEGER_GRPC("jaeger-grpc", 14250),
  OTLP_GRPC("otlp-grpc", 4317),
  OTLP_HTTP("otlp-http", 4318),
  ZIPKIN_JSON("zipkin-json", 9411);

  private final String flag;
  private final int defaultPort;

  Protocol(String flag, int defaultPort) {
    this.flag = flag;
    this.defaultPort = defaultPort;
  }

  public String flag() {
    return flag;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /** True when nothing acknowledges a request (UDP to the agent). */
  public boolean fireAndForget() {
    return this == JAEGER_UDP_COMPACT || this == JAEGER_UDP_BINARY;
  }

  public static Protocol fromFlag(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (Protocol p : values()) {
      if (p.flag.equals(v) || p.name().equalsIgnoreCase(v)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown protocol '" + value + "'; one of " + java.util.Arrays.toString(flags()));
  }

  public static String[] flags() {
    Protocol[] all = values();
    String[] out = new String[all.length];
    for (int i = 0; i < all.length; i++) {
      out[i] = all[i].flag;
    }
    return out;
  }

  /**
   * A sender for this protocol. {@code hostPort} is {@code host:port}; the path of the HTTP
   * protocols is the standard one ({@code /v1/traces}, {@code /api/v2/spans}).
   */
  public SpanSender newSender(String hostPort) {
    return switch (this) {
      case JAEGER_UDP_COMPACT -> new JaegerUdpSender(hostPort, ThriftProtocol.COMPACT);
      case JAEGER_UDP_BINARY -> new JaegerUdpSender(hostPort, ThriftProtocol.BINARY);
      case JAEGER_GRPC -> GrpcSender.jaeger(hostPort);
      case OTLP_GRPC -> GrpcSender.otlp(hostPort);
      case OTLP_HTTP -> HttpSender.otlp("http://" + hostPort + "/v1/traces");
      case ZIPKIN_JSON -> HttpSender.zipkin("http://" + hostPort + "/api/v2/spans");
    };
  }
}
