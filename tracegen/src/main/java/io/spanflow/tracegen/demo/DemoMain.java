package io.spanflow.tracegen.demo;

import io.spanflow.runtime.Application;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.tracegen.send.Protocol;

/** {@code ./spanflow demo}: the shop, against an all-in-one or any agent and collector. */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    DemoOptions o = ConfigBinder.bind("spanflow demo", new DemoOptions(), args);
    ShopDemo demo =
        ShopDemo.builder()
            .requestsPerSecond(o.rate)
            .endpoint(Protocol.JAEGER_UDP_COMPACT, o.agent)
            .endpoint(Protocol.OTLP_GRPC, o.otlpGrpc)
            .endpoint(Protocol.OTLP_HTTP, o.otlpHttp)
            .endpoint(Protocol.ZIPKIN_JSON, o.zipkin)
            .build();
    Application app = Application.builder("spanflow-demo").component(demo).build();
    if (o.duration.isZero()) {
      app.run();
    } else {
      app.start();
      Thread.sleep(o.duration.toMillis()); // the demo's own lifetime, not a test wait
      app.close();
    }
  }
}
